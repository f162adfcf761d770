#!/usr/bin/env node
// Compiles KV.sol into KV.json ({abi, bytecode}) with the solc-js pinned in
// contracts/package.json, with the settings of contracts/compile.js (cancun,
// optimizer on, 200 runs).
//
// Usage (from this folder, after `cd ../../../contracts && npm ci`):
//   NODE_PATH=../../../contracts/node_modules node compile.js
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require('solc');

const src = fs.readFileSync(path.join(__dirname, 'KV.sol'), 'utf8');
const input = {
  language: 'Solidity',
  sources: { 'KV.sol': { content: src } },
  settings: {
    evmVersion: 'cancun',
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};
const out = JSON.parse(solc.compile(JSON.stringify(input)));
for (const e of out.errors || []) {
  if (e.severity === 'error') {
    console.error(e.formattedMessage);
    process.exit(1);
  }
}
const c = out.contracts['KV.sol'].KV;
const artifact = { contractName: 'KV', compiler: solc.version(), evmVersion: 'cancun', abi: c.abi, bytecode: '0x' + c.evm.bytecode.object };
fs.writeFileSync(path.join(__dirname, 'KV.json'), JSON.stringify(artifact, null, 2) + '\n');
