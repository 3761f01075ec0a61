#!/usr/bin/env node
// A TLS front for an emulator's plain HTTP port: HTTPS with ALPN h2 (and http/1.1) on 127.0.0.1, forwarding every
// request over HTTP/2 (h2c, prior knowledge) to the emulator, so that clients take the path AWS serves (TLS + ALPN h2).
//
//   node tls-front.js <port|0> <upstream-url> <cert.pem> <key.pem>
//
// Prints "listening <port>" once it accepts connections. The certificate is the caller's (the tests make a
// self-signed one for 127.0.0.1 and localhost, and trust it in the child process only, through SSL_CERT_FILE).
// Like launch.js, it exits when its stdin closes, so it never outlives the process that started it.
//
// Why: kinesis-mock's own cleartext HTTP/2 server stalls a stream whose initial window is smaller than the
// connection's (see README.md); Node's HTTP/2 client, used here upstream, opens with 64 KiB for both, which it serves.
'use strict'

const fs = require('fs')
const http2 = require('http2')

const [portText, upstreamUrl, certFile, keyFile] = process.argv.slice(2)
if (!portText || !upstreamUrl || !certFile || !keyFile) {
  console.error('usage: node tls-front.js <port|0> <upstream-url> <cert.pem> <key.pem>')
  process.exit(2)
}

if (!process.stdin.isTTY) {
  process.stdin.on('end', () => process.exit(0))
  process.stdin.on('close', () => process.exit(0))
  process.stdin.resume()
}
process.on('SIGTERM', () => process.exit(0))

// Connection-level headers that HTTP/2 forbids, and pseudo-headers that are set explicitly.
const notForwarded = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host', 'http2-settings', 'te'])

let upstream = null
function upstreamSession() {
  if (upstream === null || upstream.closed || upstream.destroyed) {
    upstream = http2.connect(upstreamUrl)
    upstream.on('error', (err) => console.error(`upstream: ${err.message}`))
    upstream.on('close', () => { upstream = null })
  }
  return upstream
}

function forwardable(headers) {
  const result = {}
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith(':') && !notForwarded.has(name)) {
      result[name] = value
    }
  }
  return result
}

const server = http2.createSecureServer(
  { cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile), allowHTTP1: true },
  (req, res) => {
    const out = upstreamSession().request({ ':method': req.method, ':path': req.url, ...forwardable(req.headers) })
    out.on('response', (headers) => {
      res.writeHead(headers[':status'], forwardable(headers))
      // pipe() carries back-pressure both ways: a client that stops reading stops this stream upstream too.
      out.pipe(res)
    })
    out.on('error', () => res.destroy())
    // The client cancelled (e.g. a subscription it gave up on): cancel the upstream stream as well.
    res.on('close', () => { if (!out.closed) out.close(http2.constants.NGHTTP2_CANCEL) })
    req.pipe(out)
  })
server.on('error', (err) => {
  console.error(`tls-front: ${err.message}`)
  process.exit(1)
})
server.listen(Number(portText), '127.0.0.1', () => console.log(`listening ${server.address().port}`))
