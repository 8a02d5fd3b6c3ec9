import { z } from "zod";
import { fastestdetConfigSchema, fastestdetDecoder } from "./fastestdet.ts";
import { picodetConfigSchema, picodetDecoder } from "./picodet.ts";
import type { Decoder } from "./types.ts";
import { yoloxConfigSchema, yoloxDecoder } from "./yolox.ts";

/** Every output layout streamlens decodes; an unknown `kind` fails when the model spec is parsed. */
export const decoderConfigSchema = z.discriminatedUnion("kind", [
  yoloxConfigSchema,
  picodetConfigSchema,
  fastestdetConfigSchema,
]);
export type DecoderConfig = z.infer<typeof decoderConfigSchema>;

const decoders: { [K in DecoderConfig["kind"]]: Decoder<Extract<DecoderConfig, { kind: K }>> } = {
  yolox: yoloxDecoder,
  "picodet-nms": picodetDecoder,
  fastestdet: fastestdetDecoder,
};

export function decoderFor<C extends DecoderConfig>(config: C): Decoder<C> {
  return decoders[config.kind] as unknown as Decoder<C>;
}
