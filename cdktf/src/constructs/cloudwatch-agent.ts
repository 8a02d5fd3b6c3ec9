/**
 * The CloudWatch agent's configuration for a service's Prometheus `/metrics`: the agent scrapes
 * the port every 15 s and publishes the selected metrics as CloudWatch metrics (embedded metric
 * format) with one dimension, `service`, so every instance of a group adds to the same series and
 * a target-tracking policy can read it.
 */
export const SCRAPE_JOB = "streamlens";

export function prometheusScrapeConfig(service: string, port: number): string {
  return [
    "global:",
    "  scrape_interval: 15s",
    "  scrape_timeout: 5s",
    "scrape_configs:",
    `  - job_name: ${SCRAPE_JOB}`,
    "    static_configs:",
    `      - targets: [127.0.0.1:${port}]`,
    "        labels:",
    `          service: ${service}`,
    "",
  ].join("\n");
}

export function cloudwatchAgentConfig(namespace: string, service: string, metrics: string) {
  return {
    agent: { metrics_collection_interval: 15 },
    logs: {
      metrics_collected: {
        prometheus: {
          log_group_name: `/streamlens/${service}/prometheus`,
          prometheus_config_path: "/opt/aws/amazon-cloudwatch-agent/etc/prometheus.yaml",
          emf_processor: {
            metric_namespace: namespace,
            metric_declaration: [
              {
                source_labels: ["job"],
                label_matcher: `^${SCRAPE_JOB}$`,
                dimensions: [["service"]],
                metric_selectors: [metrics],
              },
            ],
          },
        },
      },
    },
  };
}
