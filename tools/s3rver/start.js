// Serves the S3 API over a folder for local runs and tests. Usage:
//   node start.js --port 5300 --directory ../../.local/s3
// Port 0 picks a free port. One line "listening on http://127.0.0.1:PORT" tells the caller it is ready.
// --parent PID stops the server when that process is gone (a test run that was killed leaves no server behind).
'use strict';
const S3rver = require('s3rver');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};

const server = new S3rver({
  port: Number(option('port', process.env.COORDI_S3_PORT || '5300')),
  address: option('address', '127.0.0.1'),
  directory: option('directory', process.env.COORDI_S3_DIRECTORY || './data'),
  silent: true,
});

server.run().then(
  ({ address, port }) => console.log(`listening on http://${address}:${port}`),
  (error) => {
    console.error(`s3rver could not start: ${error.message}`);
    process.exit(1);
  });

const parent = Number(option('parent', '0'));
if (parent > 0) {
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      process.exit(0);
    }
  }, 1000).unref();
}

const stop = () => server.close().then(() => process.exit(0), () => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
