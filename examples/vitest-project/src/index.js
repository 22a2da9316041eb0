import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 8080);

createServer((request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ hello: 'world', path: request.url }));
}).listen(port, () => console.log(`listening on ${port}`));
