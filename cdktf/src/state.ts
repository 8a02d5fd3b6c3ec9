import { LocalBackend, S3Backend, type TerraformStack } from "cdktf";
import type { Environment } from "./environment.ts";

/** Each stack keeps its own state: applying the pool never locks the bus. */
export function configureState(stack: TerraformStack, env: Environment, stackId: string): void {
  if (env.state.kind === "s3") {
    new S3Backend(stack, {
      bucket: env.state.bucket,
      key: `streamlens/${stackId}.tfstate`,
      region: env.state.region,
      dynamodbTable: env.state.lockTable,
      encrypt: true,
    });
  } else {
    new LocalBackend(stack, { path: `terraform.${stackId}.tfstate` });
  }
}
