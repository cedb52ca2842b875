/**
 * What Alertmanager v0.28.1 (kube-prometheus-stack 77.14.0's image) accepts as its configuration,
 * as far as this project writes it: the YAML keys of its config structs, transcribed from
 * config/config.go and config/notifiers.go at the v0.28.1 tag (no Go toolchain runs here to load
 * the real parser), and the rules its `UnmarshalYAML` methods enforce on what is used here: a
 * receiver named once and defined for every route, a root route with a receiver and no matchers or
 * `continue`, each notifier's credential set, matchers in its label matcher syntax, durations it parses.
 * When the chart's Alertmanager version changes, transcribe the tables again.
 */

const NOTIFIER = ["send_resolved", "http_config"];

/** Keys of each struct, by the path of the objects holding them. */
const KEYS: Readonly<Record<string, readonly string[]>> = {
  config: ["global", "route", "inhibit_rules", "receivers", "templates", "mute_time_intervals", "time_intervals"],
  global: [
    "resolve_timeout", "http_config", "jira_api_url", "smtp_from", "smtp_hello", "smtp_smarthost", "smtp_auth_username", "smtp_auth_password",
    "smtp_auth_password_file", "smtp_auth_secret", "smtp_auth_identity", "smtp_require_tls", "smtp_tls_config", "slack_api_url", "slack_api_url_file",
    "pagerduty_url", "opsgenie_api_url", "opsgenie_api_key", "opsgenie_api_key_file", "wechat_api_url", "wechat_api_secret", "wechat_api_corp_id",
    "victorops_api_url", "victorops_api_key", "victorops_api_key_file", "telegram_api_url", "webex_api_url", "rocketchat_api_url", "rocketchat_token",
    "rocketchat_token_file", "rocketchat_token_id", "rocketchat_token_id_file",
  ],
  route: ["receiver", "group_by", "match", "match_re", "matchers", "mute_time_intervals", "active_time_intervals", "continue", "routes", "group_wait", "group_interval", "repeat_interval"],
  inhibit_rule: ["source_match", "source_match_re", "source_matchers", "target_match", "target_match_re", "target_matchers", "equal"],
  receiver: ["name", "discord_configs", "email_configs", "pagerduty_configs", "slack_configs", "webhook_configs", "opsgenie_configs", "wechat_configs", "pushover_configs", "victorops_configs", "sns_configs", "telegram_configs", "webex_configs", "msteams_configs", "msteamsv2_configs", "jira_configs", "rocketchat_configs"],
  slack_configs: [...NOTIFIER, "api_url", "api_url_file", "channel", "username", "color", "title", "title_link", "pretext", "text", "fields", "short_fields", "footer", "fallback", "callback_id", "icon_emoji", "icon_url", "image_url", "thumb_url", "link_names", "mrkdwn_in", "actions"],
  pagerduty_configs: [...NOTIFIER, "service_key", "service_key_file", "routing_key", "routing_key_file", "url", "client", "client_url", "description", "details", "images", "links", "source", "severity", "class", "component", "group"],
  opsgenie_configs: [...NOTIFIER, "api_key", "api_key_file", "api_url", "message", "description", "source", "details", "entity", "responders", "actions", "tags", "note", "priority", "update_alerts"],
  webhook_configs: [...NOTIFIER, "url", "url_file", "max_alerts", "timeout"],
};

/** The credential each notifier must have one of (without the global defaults, which this project does not set). */
const CREDENTIALS: Readonly<Record<string, readonly string[]>> = {
  slack_configs: ["api_url", "api_url_file"],
  pagerduty_configs: ["routing_key", "routing_key_file", "service_key", "service_key_file"],
  opsgenie_configs: ["api_key", "api_key_file"],
  webhook_configs: ["url", "url_file"],
};

/** `label op "value"` or `label op value` (pkg/labels/parse.go): the operators =, !=, =~, !~. */
const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|[^"\s,{}]+)\s*$/;
/** model.ParseDuration: units y, w, d, h, m, s, ms, largest first. */
const DURATION = /^((\d+)y)?((\d+)w)?((\d+)d)?((\d+)h)?((\d+)m)?((\d+)s)?((\d+)ms)?$/;

type Json = Record<string, any>;

export function alertmanagerConfigProblems(config: Json): string[] {
  const problems: string[] = [];
  const unknownKeys = (object: Json, table: string, where: string) => {
    for (const key of Object.keys(object ?? {})) if (!KEYS[table]!.includes(key)) problems.push(`${where}: unknown field "${key}"`);
  };
  const duration = (value: unknown, where: string) => {
    if (value !== undefined && (typeof value !== "string" || value === "" || !DURATION.test(value))) problems.push(`${where}: not a duration: ${JSON.stringify(value)}`);
  };
  const matchers = (list: unknown, where: string) => {
    for (const [index, matcher] of ((list ?? []) as unknown[]).entries()) {
      if (typeof matcher !== "string" || !MATCHER.test(matcher)) problems.push(`${where}[${index}]: not a label matcher: ${JSON.stringify(matcher)}`);
    }
  };
  unknownKeys(config, "config", "config");
  unknownKeys(config.global, "global", "global");
  duration(config.global?.resolve_timeout, "global.resolve_timeout");
  const names = new Set<string>();
  for (const [index, receiver] of ((config.receivers ?? []) as Json[]).entries()) {
    const where = `receivers[${index}]`;
    unknownKeys(receiver, "receiver", where);
    if (typeof receiver.name !== "string" || receiver.name === "") problems.push(`${where}: missing name`);
    else if (names.has(receiver.name)) problems.push(`${where}: notification config name "${receiver.name}" is not unique`);
    names.add(receiver.name);
    for (const [kind, required] of Object.entries(CREDENTIALS)) {
      for (const [n, notifier] of ((receiver[kind] ?? []) as Json[]).entries()) {
        unknownKeys(notifier, kind, `${where}.${kind}[${n}]`);
        if (required.filter((key) => notifier[key] !== undefined).length !== 1) problems.push(`${where}.${kind}[${n}]: expected exactly one of ${required.join(", ")}`);
      }
    }
  }
  const route = (node: Json, where: string, root: boolean) => {
    unknownKeys(node, "route", where);
    for (const key of ["group_wait", "group_interval", "repeat_interval"]) duration(node[key], `${where}.${key}`);
    matchers(node.matchers, `${where}.matchers`);
    if (node.receiver !== undefined && !names.has(node.receiver)) problems.push(`${where}: undefined receiver "${node.receiver}" used in route`);
    if (root && (node.receiver === undefined || node.matchers || node.match || node.continue)) problems.push(`${where}: the root route needs a receiver and takes no matchers and no continue`);
    for (const [index, child] of ((node.routes ?? []) as Json[]).entries()) route(child, `${where}.routes[${index}]`, false);
  };
  if (!config.route) problems.push("config: no route provided");
  else route(config.route, "route", true);
  for (const [index, rule] of ((config.inhibit_rules ?? []) as Json[]).entries()) {
    unknownKeys(rule, "inhibit_rule", `inhibit_rules[${index}]`);
    matchers(rule.source_matchers, `inhibit_rules[${index}].source_matchers`);
    matchers(rule.target_matchers, `inhibit_rules[${index}].target_matchers`);
  }
  return problems;
}

/** Whether an alert's labels satisfy a matcher as Alertmanager reads it (regular expressions anchored at both ends). */
function matches(matcher: string, labels: Readonly<Record<string, string>>): boolean {
  const [, name, op, raw] = MATCHER.exec(matcher) ?? [];
  if (!name || !op) return false;
  const value = raw!.startsWith('"') ? (JSON.parse(raw!) as string) : raw!;
  const actual = labels[name] ?? "";
  if (op === "=") return actual === value;
  if (op === "!=") return actual !== value;
  const found = new RegExp(`^(?:${value})$`).test(actual);
  return op === "=~" ? found : !found;
}

/**
 * The receivers an alert with these labels is sent to: the routing tree walked as Alertmanager walks
 * it (depth first, children in order, a matching child without `continue` ending the search, the
 * node's own receiver when no child matches).
 */
export function receiversOf(route: Json, labels: Readonly<Record<string, string>>): string[] {
  const walk = (node: Json, inherited: string): string[] => {
    const receiver = (node.receiver as string | undefined) ?? inherited;
    const found: string[] = [];
    for (const child of (node.routes ?? []) as Json[]) {
      if (!((child.matchers ?? []) as string[]).every((m) => matches(m, labels))) continue;
      found.push(...walk(child, receiver));
      if (!child.continue) break;
    }
    return found.length > 0 ? found : [receiver];
  };
  return [...new Set(walk(route, route.receiver as string))];
}
