#!/usr/bin/env node
// Compiles every Solidity source in contracts/src (and the files they import,
// such as ../ICauseway.sol) with the solc-js version pinned in package.json,
// and writes one artifact per contract to contracts/artifacts/NAME.json:
//
//   { contractName, sourceName, compiler, evmVersion, abi, bytecode, deployedBytecode }
//
// bytecode is the creation code and deployedBytecode the runtime code, both
// 0x-prefixed hex. The EVM version is fixed to "cancun", the fork Causeway's
// EVM runs; the optimizer is on (200 runs). The output depends only on the
// sources and the compiler version, so artifacts are committed and
// `node compile.js --check` tells whether they are up to date (exit status 1
// and a list of stale files if not).
//
// Usage: npm install && node compile.js [--check]
'use strict';

const fs = require('fs');
const path = require('path');
const solc = require('solc');

const root = __dirname;
const srcDir = path.join(root, 'src');
const outDir = path.join(root, 'artifacts');
const check = process.argv.includes('--check');
const EVM_VERSION = 'cancun';

// Source unit names are paths relative to contracts/, with forward slashes,
// so that the metadata embedded in the bytecode is the same on every machine.
function unitName(abs) {
  return path.relative(root, abs).split(path.sep).join('/');
}

function readSources() {
  const sources = {};
  const files = fs.readdirSync(srcDir).filter((f) => f.endsWith('.sol')).sort();
  if (files.length === 0) {
    throw new Error(`no .sol files in ${srcDir}`);
  }
  for (const f of files) {
    const abs = path.join(srcDir, f);
    sources[unitName(abs)] = { content: fs.readFileSync(abs, 'utf8') };
  }
  return sources;
}

// Imports resolve against contracts/ and must stay inside it.
function findImports(name) {
  const abs = path.resolve(root, name);
  if (!abs.startsWith(root + path.sep)) {
    return { error: `import ${name} is outside ${root}` };
  }
  try {
    return { contents: fs.readFileSync(abs, 'utf8') };
  } catch (e) {
    return { error: `import ${name}: ${e.message}` };
  }
}

function main() {
  const input = {
    language: 'Solidity',
    sources: readSources(),
    settings: {
      evmVersion: EVM_VERSION,
      optimizer: { enabled: true, runs: 200 },
      outputSelection: {
        '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] },
      },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  let failed = false;
  for (const e of output.errors || []) {
    if (e.severity === 'error') {
      failed = true;
    }
    process.stderr.write((e.formattedMessage || e.message) + '\n');
  }
  if (failed) {
    process.exit(2);
  }

  const artifacts = new Map();
  for (const sourceName of Object.keys(output.contracts || {}).sort()) {
    const contracts = output.contracts[sourceName];
    for (const name of Object.keys(contracts).sort()) {
      if (artifacts.has(name)) {
        throw new Error(`contract ${name} is defined in both ${artifacts.get(name).sourceName} and ${sourceName}`);
      }
      const c = contracts[name];
      artifacts.set(name, {
        contractName: name,
        sourceName,
        compiler: 'solc-js ' + solc.version(),
        evmVersion: EVM_VERSION,
        abi: c.abi,
        bytecode: '0x' + c.evm.bytecode.object,
        deployedBytecode: '0x' + c.evm.deployedBytecode.object,
      });
    }
  }

  if (!check) {
    fs.mkdirSync(outDir, { recursive: true });
  }
  const stale = [];
  for (const [name, art] of artifacts) {
    const file = path.join(outDir, name + '.json');
    const text = JSON.stringify(art, null, 2) + '\n';
    const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
    if (old === text) {
      continue;
    }
    stale.push(path.relative(root, file));
    if (!check) {
      fs.writeFileSync(file, text);
    }
  }
  // Artifacts of contracts that no longer exist are stale too.
  if (fs.existsSync(outDir)) {
    for (const f of fs.readdirSync(outDir).sort()) {
      if (f.endsWith('.json') && !artifacts.has(f.slice(0, -5))) {
        stale.push(path.relative(root, path.join(outDir, f)) + ' (no such contract)');
        if (!check) {
          fs.unlinkSync(path.join(outDir, f));
        }
      }
    }
  }
  if (check) {
    if (stale.length > 0) {
      process.stderr.write('stale artifacts (run `node compile.js`):\n  ' + stale.join('\n  ') + '\n');
      process.exit(1);
    }
    process.stdout.write(`${artifacts.size} artifacts up to date (solc ${solc.version()})\n`);
    return;
  }
  process.stdout.write(`compiled ${artifacts.size} contracts with solc ${solc.version()}; ${stale.length} artifacts written\n`);
}

main();
