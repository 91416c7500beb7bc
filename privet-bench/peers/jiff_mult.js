// Peer timing for privet-bench/run-mpc.sh: secure multiplications per second in JIFF 1.0.0
// (npm jiff-mpc@1.0.0), 3 parties and the JIFF server in one Node process over loopback (socket.io),
// default prime Zp. Triples: JIFF's default preprocessing (BGW among the parties, timed separately), or
// with JIFF_CRYPTO_PROVIDER=1 from the server as crypto provider (JIFF's analogue of a trusted dealer).
// Party 1 shares n values x, party 2 shares n values y; every party computes x[i] * y[i] (smult) for all i
// and opens the products; the time from shares-ready to all products opened is reported, and every opened
// product is checked against the plaintext x[i] * y[i] mod Zp.
//   NODE_PATH=/work/peers/jiff/node_modules node privet-bench/peers/jiff_mult.js [n] [port]
'use strict';
const http = require('http');
const { JIFFServer, JIFFClient } = require('jiff-mpc');

const n = parseInt(process.argv[2] || '2000', 10);
const port = parseInt(process.argv[3] || '9111', 10);
const parties = 3;

const server = http.createServer();
new JIFFServer(server, { logs: false });
server.listen(port, () => {
  const done = [];
  for (let p = 1; p <= parties; p++) {
    done.push(new Promise((resolve, reject) => {
      const client = new JIFFClient('http://localhost:' + port, 'privet-mult', {
        party_count: parties, party_id: p, crypto_provider: process.env.JIFF_CRYPTO_PROVIDER === '1',
        onConnect: (jiff) => run(jiff, p).then(resolve, reject)
      });
      client.party_id_hint = p;
    }));
  }
  Promise.all(done).then((results) => {
    const r = results[0];
    console.log('jiff_mult parties ' + parties + ' n ' + n + ' Zp ' + r.zp);
    console.log('seconds ' + r.seconds.toFixed(3));
    console.log('mult_per_s ' + (n / r.seconds).toFixed(1));
    console.log('preprocessing_seconds ' + r.pre.toFixed(3) + ' (BGW triples among the parties; 0 with JIFF_CRYPTO_PROVIDER=1)');
    console.log('mult_per_s_incl_preprocessing ' + (n / (r.seconds + r.pre)).toFixed(1));
    process.exit(0);
  }).catch((e) => { console.error(e); process.exit(1); });
});

function values(seed, zp) {
  // small LCG: deterministic inputs below Zp
  const v = new Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    v[i] = s % 1000;
  }
  return v;
}

async function run(jiff, p) {
  const zp = jiff.Zp;
  const x = values(1, zp);
  const y = values(2, zp);
  const mine = p === 1 ? x : (p === 2 ? y : []);
  let pre = 0;
  if (!jiff.crypto_provider && !jiff.options.crypto_provider) {
    const tp = process.hrtime.bigint();
    jiff.preprocessing('smult', n);
    jiff.preprocessing('open', n);
    await new Promise((resolve) => jiff.executePreprocessing(resolve));
    pre = Number(process.hrtime.bigint() - tp) / 1e9;
  }
  const shared = await jiff.share_array(mine, { 1: n, 2: n, 3: 0 }, parties, null, [1, 2]);
  const t0 = process.hrtime.bigint();
  const prods = new Array(n);
  for (let i = 0; i < n; i++) {
    prods[i] = shared[1][i].smult(shared[2][i]);
  }
  const opened = await jiff.open_array(prods);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  for (let i = 0; i < n; i++) {
    if (opened[i] !== (x[i] * y[i]) % zp) {
      throw new Error('party ' + p + ': product ' + i + ' is ' + opened[i] + ', expected ' + (x[i] * y[i]) % zp);
    }
  }
  jiff.disconnect(true, true);
  return { seconds, zp, pre };
}
