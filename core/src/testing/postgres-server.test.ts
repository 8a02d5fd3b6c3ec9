import { expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { REPO_ROOT } from "./fixtures.ts";

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

test("a private PostgreSQL is stopped and removed even when its process is killed", async () => {
  // The child starts a server, says where, and dies by SIGKILL: no handler of its can run.
  const child = Bun.spawn(
    [
      "bun",
      "-e",
      `import { startPostgres } from "@streamlens/core/testing";
       const server = await startPostgres();
       console.log(JSON.stringify({ port: server.port, dir: server.dir }));
       process.kill(process.pid, "SIGKILL");`,
    ],
    { cwd: REPO_ROOT, stdout: "pipe", stderr: "inherit" },
  );
  const out = await new Response(child.stdout).text();
  await child.exited;
  expect(child.signalCode).toBe("SIGKILL");
  const { port, dir } = JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as { port: number; dir: string };
  const deadline = Date.now() + 15_000;
  while (((await accepts(port)) || existsSync(dir)) && Date.now() < deadline) await Bun.sleep(250);
  expect(await accepts(port)).toBe(false);
  expect(existsSync(dir)).toBe(false);
}, 60_000);
