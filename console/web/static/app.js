// Causeway console: the little the server cannot do. Hashes files in the
// browser (WebCrypto; the file never leaves it) and refreshes the Overview.
// Every value from the server is set with textContent, never as HTML.
'use strict';

function hex(buf) {
  return Array.from(new Uint8Array(buf), function (b) { return b.toString(16).padStart(2, '0'); }).join('');
}

async function sha256(file) {
  return hex(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
}

function byId(id) { return document.getElementById(id); }

function setupEvidence() {
  var input = byId('ev-file'), drop = byId('drop');
  if (!input) return;
  async function take(file) {
    if (!file) return;
    byId('ev-hash').value = '';
    byId('ev-hash').value = await sha256(file);
    var name = byId('ev-file-name');
    if (!name.value) name.value = file.name;
    drop.classList.add('done');
  }
  input.addEventListener('change', function () { take(input.files[0]); });
  drop.addEventListener('dragover', function (e) { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', function () { drop.classList.remove('over'); });
  drop.addEventListener('drop', function (e) {
    e.preventDefault();
    drop.classList.remove('over');
    take(e.dataTransfer.files[0]);
  });
}

function setupVerify() {
  var input = byId('verify-file');
  if (!input) return;
  input.addEventListener('change', async function () {
    var out = byId('verify-hash');
    out.value = '';
    if (!input.files[0]) { byId('verify-file-digest').textContent = ''; return; }
    out.value = await sha256(input.files[0]);
    byId('verify-file-digest').textContent = 'SHA-256 ' + out.value;
    out.dataset.ready = '1';
  });
}

function setupOverview() {
  if (document.body.dataset.page !== 'overview' || !byId('nodes')) return;
  async function refresh() {
    var r;
    try {
      r = await fetch('/api/overview', { credentials: 'same-origin', cache: 'no-store' });
    } catch (e) { return; }
    if (!r.ok) return;
    var d = await r.json();
    byId('ov-height').textContent = d.height;
    byId('ov-healthy').textContent = d.healthy;
    byId('ov-tps').textContent = d.tps;
    d.nodes.forEach(function (n) {
      var row = document.querySelector('tr[data-node="' + Number(n.id) + '"]');
      if (!row) return;
      row.dataset.health = n.health;
      ['health', 'height', 'view', 'leader', 'pool_size'].forEach(function (f) {
        var c = row.querySelector('[data-f="' + f + '"]');
        if (c) c.textContent = n[f];
      });
      row.querySelector('[data-f="health"]').className = 'h-' + String(n.health).replace(/[^a-z_]/g, '');
      row.querySelector('[data-f="peers"]').textContent = n.peers_up + '/' + n.peers;
    });
    var ul = byId('alerts');
    ul.replaceChildren();
    if (d.alerts.length === 0) {
      var li = document.createElement('li');
      li.className = 'ok';
      li.textContent = byId('no-alerts-text').textContent;
      ul.appendChild(li);
    }
    d.alerts.forEach(function (a) {
      var li = document.createElement('li');
      li.textContent = a;
      ul.appendChild(li);
    });
    ['chart-tps', 'chart-interval'].forEach(function (id) {
      var img = byId(id);
      var u = new URL(img.src);
      u.searchParams.set('t', Date.now());
      img.src = u.toString();
    });
  }
  setInterval(refresh, 3000);
}

document.addEventListener('DOMContentLoaded', function () {
  setupEvidence();
  setupVerify();
  setupOverview();
});
