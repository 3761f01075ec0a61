#!/usr/bin/env node
// Starts one local AWS stand-in on 127.0.0.1 and keeps it running until its parent goes away.
//
//   node launch.js kinesis-mock <port>            (settings through kinesis-mock's own environment variables)
//   node launch.js kinesalite   <port> [options]  (options: JSON object handed to kinesalite(), e.g. {"createStreamMs":50})
//   node launch.js dynalite     <port> [options]  (options: JSON object handed to dynalite(), e.g. {"createTableMs":50})
//
// Why a launcher rather than each package's CLI:
// - kinesalite's and kinesis-mock's CLIs listen on every interface; here every server is bound to loopback only.
// - kinesis-mock reads server.json from its working directory, so it runs from its own package folder.
// - The parent (KinesisFlow.Emulators) holds this process's stdin open and never writes to it. When the parent exits,
//   even by a crash or SIGKILL, the pipe closes and this process exits too: no emulator outlives its test run.
'use strict'

const net = require('net')
const path = require('path')

const nodeMajor = Number(process.versions.node.split('.')[0])
if (nodeMajor < 20) {
  console.error(`the emulators need Node.js 20 or later; this is Node.js ${process.versions.node}`)
  process.exit(3)
}

const [kind, portText, optionsText] = process.argv.slice(2)
const port = Number(portText)
if (!kind || !Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('usage: node launch.js <kinesis-mock|kinesalite|dynalite> <port> [json-options]')
  process.exit(2)
}

// Any server that asks for "all interfaces" (no host given) gets loopback instead.
const originalListen = net.Server.prototype.listen
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') {
    args.splice(1, 0, '127.0.0.1')
  } else if (args[0] !== null && typeof args[0] === 'object' && !args[0].host && !args[0].path) {
    args[0] = { ...args[0], host: '127.0.0.1' }
  }
  return originalListen.apply(this, args)
}

const supervised = !process.stdin.isTTY
if (supervised) {
  process.stdin.on('end', () => process.exit(0))
  process.stdin.on('close', () => process.exit(0))
  process.stdin.on('error', () => process.exit(0))
  process.stdin.resume()
}
process.on('SIGTERM', () => process.exit(0))
// Ctrl-C in a terminal reaches every process of the foreground group, this one included. A supervised emulator
// ignores it: its parent (e.g. `kinesisflow demo`) is shutting down gracefully and still needs the emulator to write
// its last checkpoints; the parent stops it afterwards. Run by hand, Ctrl-C stops it.
process.on('SIGINT', () => {
  if (!supervised) process.exit(0)
})
if (supervised) {
  // kinesis-mock (cats-effect) registers its own SIGINT handler and shuts down on it; drop such registrations.
  for (const method of ['on', 'addListener', 'once', 'prependListener', 'prependOnceListener']) {
    const register = process[method]
    process[method] = function (event, ...rest) {
      return event === 'SIGINT' ? this : register.call(this, event, ...rest)
    }
  }
}

function startModuleServer(moduleName, options) {
  const server = require(moduleName)(options)
  server.on('error', (err) => {
    console.error(`${moduleName}: ${err.message}`)
    process.exit(err.code === 'EADDRINUSE' ? 98 : 1)
  })
  server.listen(port, '127.0.0.1')
}

const options = optionsText ? JSON.parse(optionsText) : {}
switch (kind) {
  case 'kinesis-mock': {
    const packageDir = path.dirname(require.resolve('kinesis-local/package.json'))
    process.env.KINESIS_MOCK_PLAIN_PORT = String(port)
    // The TLS listener is not used by KinesisFlow; port 0 lets the OS give it any free loopback port.
    process.env.KINESIS_MOCK_TLS_PORT = process.env.KINESIS_MOCK_TLS_PORT || '0'
    process.chdir(packageDir)
    require(path.join(packageDir, 'main.js'))
    break
  }
  case 'kinesalite':
  case 'dynalite':
    // No "path" option: both keep their LevelDB store in memory, so nothing is written to disk.
    startModuleServer(kind, options)
    break
  default:
    console.error(`unknown emulator "${kind}"`)
    process.exit(2)
}
