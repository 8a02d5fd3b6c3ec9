// SQL model files are imported as text (Bun and Wrangler both bundle them as strings).
declare module "*.sql" {
  const text: string;
  export default text;
}
