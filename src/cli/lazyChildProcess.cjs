// Stands in for `node:child_process` in the CLI bundle (see package.json's `bundle` script).
// Commander requires it when it loads, only to run executable subcommands, which this CLI has
// none of; loading it (with net, dgram and streams) would cost every run a few milliseconds.
let loaded;
const real = () => (loaded ??= require('child_process'));
module.exports = new Proxy({}, { get: (_, key) => real()[key], has: (_, key) => key in real() });
