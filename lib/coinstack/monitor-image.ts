/**
 * Image of the `<service>-monitor` container: curl, jq and bash for images that lack them. A module
 * of its own so the script tests' tool trace can name it without loading cdktf and the providers.
 */
export const MONITOR_IMAGE = "shapeshiftdao/unchained-probe:1.0.0";
