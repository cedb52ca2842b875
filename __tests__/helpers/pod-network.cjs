/**
 * The network of an emulated pod (./pod.ts): started by `unshare -n` in a network namespace of its
 * own, whose loopback is up, it binds 127.0.0.1:<port> there when the test process asks and hands
 * the listening socket back over the IPC channel. So a fake server of the test answers on the very
 * port the synthesized StatefulSet names, in the pod's namespace, as the node's own daemon would,
 * while a port nobody asked for refuses connections, as a stopped daemon's does. The other
 * containers of the pod join this namespace (nsenter), as a pod's containers share one.
 */
"use strict";
const net = require("node:net");

process.on("message", (message) => {
  if (typeof message !== "object" || message === null || typeof message.bind !== "number") return;
  const port = message.bind;
  const server = net.createServer();
  server.once("error", (error) => process.send({ bound: port, error: error.message }));
  server.listen({ host: "127.0.0.1", port }, () => {
    // The test process holds its own copy of the socket from here on; this one is closed, so
    // every connection reaches the test's server.
    process.send({ bound: port }, server, () => server.close());
  });
});
process.on("disconnect", () => process.exit(0));
process.send({ ready: true });
