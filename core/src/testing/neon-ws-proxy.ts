/**
 * The WebSocket-to-TCP bridge Neon's serverless driver needs to reach a plain PostgreSQL (what
 * Neon's own local-development proxy does): each WebSocket connection to `/?address=host:port`
 * is piped to a TCP connection to that address.
 */
export interface NeonWsProxy {
  /** For neonConfig.wsProxy / NEON_WS_PROXY: host:port of this bridge. */
  address: string;
  stop(): void;
}

interface Bridge {
  address: string;
  tcp?: Awaited<ReturnType<typeof Bun.connect>>;
  pending: Uint8Array[];
}

export function startNeonWsProxy(): NeonWsProxy {
  const server = Bun.serve<Bridge>({
    port: 0,
    hostname: "127.0.0.1",
    fetch(request, srv) {
      const address = new URL(request.url).searchParams.get("address");
      if (!address) return new Response("missing ?address=host:port", { status: 400 });
      if (srv.upgrade(request, { data: { address, pending: [] } })) return undefined;
      return new Response("expected a WebSocket", { status: 426 });
    },
    websocket: {
      async open(ws) {
        const [host, port] = ws.data.address.split(":");
        try {
          ws.data.tcp = await Bun.connect({
            hostname: host as string,
            port: Number(port),
            socket: {
              data: (_socket, chunk) => {
                ws.sendBinary(chunk);
              },
              close: () => ws.close(),
              error: () => ws.close(),
            },
          });
          for (const chunk of ws.data.pending.splice(0)) ws.data.tcp.write(chunk);
        } catch {
          ws.close(1011, "cannot reach the database");
        }
      },
      message(ws, message) {
        const chunk =
          typeof message === "string" ? new TextEncoder().encode(message) : new Uint8Array(message);
        if (ws.data.tcp) ws.data.tcp.write(chunk);
        else ws.data.pending.push(chunk);
      },
      close(ws) {
        ws.data.tcp?.end();
      },
    },
  });
  return { address: `127.0.0.1:${server.port}`, stop: () => server.stop(true) };
}
