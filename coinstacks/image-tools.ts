/**
 * What each pinned image offers the lifecycle scripts that run in it. A script may call only the
 * commands its container's image declares here: the script tests trace every command each script
 * runs in every scenario they exercise and fail on anything else (`__tests__/helpers/tool-trace.ts`),
 * and the images workflow (`.github/workflows/images.yml`, `scripts/image-tools.ts`) checks each
 * declaration against the real image with `command -v`, so a new tag that drops a tool fails CI
 * instead of a node. A new image tag needs its own entry.
 */

export interface ImageTools {
  /** What the image is built on, as far as its Dockerfile says (the workflow checks the commands, not this). */
  readonly base: string;
  /**
   * Commands the scripts may call in a container of this image: interpreters by absolute path (as a
   * script's `#!` line names them), tools by name on the image's PATH, and the binary the init
   * script execs (the tests replace that one with a fake, so only the workflow checks it).
   */
  readonly commands: readonly string[];
  /**
   * Its shell and tools are busybox applets (an alpine image): the script tests' emulated pods run
   * them as busybox too (`__tests__/helpers/pod.ts`).
   */
  readonly busybox?: true;
  /**
   * No script runs in it: the coin definitions treat the image as having no shell (no init script,
   * the kubelet's own startup and liveness, readiness in the monitor container). The images workflow
   * has no shell there to run `command -v` with, so it checks nothing of it.
   */
  readonly shellless?: true;
}

/** What probe-lib.sh and the init scripts use besides curl and jq: POSIX sh and coreutils/sed. */
const POSIX_BASICS = ["/bin/sh", "cat", "cut", "date", "mv", "rm", "sed", "sleep", "tail", "tr"] as const;

/** The shapeshiftdao daemon and blockbook images: Debian with curl and jq added (probe-lib.sh). */
const DEBIAN_WITH_CURL_JQ = "debian (bullseye) with curl and jq";
const debianDaemon = (binary: string): ImageTools => ({ base: DEBIAN_WITH_CURL_JQ, commands: [...POSIX_BASICS, "curl", "jq", binary] });

/** The blockbook images: the binary at /bin/blockbook (init.sh's default). */
const BLOCKBOOK: ImageTools = { base: DEBIAN_WITH_CURL_JQ, commands: [...POSIX_BASICS, "curl", "jq", "/bin/blockbook"] };

const GAIA: ImageTools = { base: "alpine (busybox) with jq and build-base", commands: [...POSIX_BASICS, "wget", "sha256sum", "sha512sum", "gzip", "gaiad"], busybox: true };

export const IMAGE_TOOLS: Readonly<Record<string, ImageTools>> = {
  "shapeshiftdao/bitcoin-core:26.0": debianDaemon("bitcoind"),
  "shapeshiftdao/litecoin-core:v0.21.2.2": debianDaemon("litecoind"),
  "shapeshiftdao/dogecoin:1.14.7": debianDaemon("dogecoind"),
  "shapeshiftdao/bitcoin-cash-node:27.0.0": debianDaemon("bitcoind"),
  "shapeshiftdao/unchained-blockbook:c2cb648": BLOCKBOOK,
  "shapeshiftdao/unchained-blockbook:bb02eb5": BLOCKBOOK,
  "shapeshiftdao/unchained-blockbook:gnosis-no-erc1155-d40a796": BLOCKBOOK,
  // alpine: busybox applets, no curl or jq (evm-lib.sh speaks JSON-RPC with wget and sed).
  "ethereum/client-go:v1.17.1": { base: "alpine (busybox)", commands: [...POSIX_BASICS, "grep", "wget", "geth"], busybox: true },
  // Ubuntu with the lighthouse binary, libssl and CA certificates: no curl, wget or jq
  // (beacon-lib.sh speaks HTTP with bash's /dev/tcp under coreutils' timeout).
  "sigp/lighthouse:v8.1.2": { base: "ubuntu with libssl and ca-certificates", commands: [...POSIX_BASICS, "/bin/bash", "bash", "timeout", "lighthouse"] },
  // The `<service>-monitor` container (lib/coinstack/monitor-image.ts): hosts readiness
  // probes of images without curl and jq.
  "shapeshiftdao/unchained-probe:1.0.0": { base: "curl, jq and bash (its Dockerfile is not public)", commands: [...POSIX_BASICS, "curl", "jq"] },
  // parity/base-bin: ubuntu 22.04 with only libssl3, ca-certificates and gnupg added: no curl, no
  // jq. The substrate scripts speak HTTP with bash's /dev/tcp under coreutils' timeout and read
  // JSON with parameter expansions (probe-lib.sh http_request, json_scalar); the init script's grep
  // checks peer IDs and host names.
  // OP Labs' images: op-node's is distroless; what op-reth's holds was not read, so it is treated alike
  // (coinstacks/opstack/index.ts). Only the binary the container runs is declared.
  "us-docker.pkg.dev/oplabs-tools-artifacts/images/op-reth:v2.3.3@sha256:eec35eaafb6f8b3d07c6844ff87c4f8af81fca088472b6a432435c53a36b8a4c": {
    base: "OP Labs' op-reth image (not read; treated as having no shell)",
    commands: ["op-reth"],
    shellless: true,
  },
  "us-docker.pkg.dev/oplabs-tools-artifacts/images/op-node:v1.19.2@sha256:3652c0faa7582e49c31a71f86bc5170167499aed7e382e92722f34beb233ef1a": {
    base: "distroless (OP Labs' op-node image)",
    commands: ["op-node"],
    shellless: true,
  },
  // Debian bookworm-slim with curl, jq and procps (nitro's Dockerfile, target nitro-node, at v3.10.0).
  "offchainlabs/nitro-node:v3.10.0-b1cf6db": { base: "debian bookworm-slim with curl and jq (nitro's Dockerfile, target nitro-node)", commands: [...POSIX_BASICS, "curl", "jq", "nitro"] },
  // BNB Chain's geth fork: alpine with busybox, bash, curl, jq, grep and tini (its Dockerfile at v1.7.3).
  // geth's scripts ask through busybox wget there, as in geth's image.
  "ghcr.io/bnb-chain/bsc:1.7.3": { base: "alpine (busybox) with bash, curl and jq", commands: [...POSIX_BASICS, "grep", "wget", "geth"], busybox: true },
  // Debian 12 slim with the avalanchego build at /avalanchego/build (its Dockerfile at v1.14.2): no HTTP
  // client, so only the init script runs here; readiness runs in the monitor.
  "avaplatform/avalanchego:v1.14.2": { base: "debian 12-slim (avalanchego's Dockerfile)", commands: [...POSIX_BASICS, "/avalanchego/build/avalanchego"] },
  // Ubuntu (the .NET aspnet base) with Nethermind at /nethermind (its Dockerfile): no HTTP client, so
  // only the init script runs here; readiness runs in the monitor.
  "nethermind/nethermind:2.2.2": { base: "ubuntu noble (.NET aspnet; Nethermind's Dockerfile)", commands: [...POSIX_BASICS, "/nethermind/nethermind"] },
  // Polygon PoS: bor on alpine (busybox; geth's scripts ask through its wget) and heimdall-v2 on alpine 3.23
  // (busybox, tini), as their Dockerfile.release build them.
  "0xpolygon/bor:2.9.1": { base: "alpine (busybox)", commands: [...POSIX_BASICS, "grep", "wget", "bor"], busybox: true },
  "0xpolygon/heimdall-v2:0.10.0": { base: "alpine 3.23 (busybox) with tini", commands: [...POSIX_BASICS, "wget", "sha256sum", "sha512sum", "gzip", "heimdalld"], busybox: true },
  // THORChain: thornode on Debian slim with bash, curl and jq (no wget), its full-node script at /scripts;
  // Midgard on Debian slim with curl and wget (no jq), at /midgard; TimescaleDB on PostgreSQL's alpine
  // image, where no script runs (its entrypoint, and the kubelet's TCP connect).
  "registry.gitlab.com/thorchain/thornode:mainnet-3.19.3": { base: "debian slim with bash, curl and jq (thornode's Dockerfile)", commands: [...POSIX_BASICS, "curl", "jq", "/scripts/fullnode.sh"] },
  "registry.gitlab.com/thorchain/midgard:2.32.6": { base: "debian bullseye-slim with curl and wget (Midgard's Dockerfile)", commands: [...POSIX_BASICS, "curl", "wget", "/midgard"] },
  "timescale/timescaledb:2.13.0-pg15": { base: "postgres 15 alpine (busybox)", commands: ["/bin/sh", "docker-entrypoint.sh", "postgres", "pg_isready"], busybox: true },
  // The Cosmos Hub's gaia: alpine (busybox, whose wget, sha256sum, sha512sum and gzip the init may use) with jq and
  // build-base added, gaiad at /usr/local/bin (its Dockerfile at v28.0.0).
  "ghcr.io/cosmos/gaia:v28.0.0": GAIA,
  "ghcr.io/cosmos/gaia:v28.0.0-rc0": GAIA,
  "parity/polkadot:stable2512": {
    base: "ubuntu 22.04 (parity/base-bin)",
    commands: ["/bin/sh", "bash", "cat", "chmod", "cut", "date", "grep", "mkdir", "mv", "rm", "sed", "sleep", "timeout", "tr", "polkadot"],
  },
};

/**
 * The images workflow's matrix: one entry per declared image, its commands space-separated (no
 * command name holds a space), for `command -v` in a container of the image.
 */
export function imageToolsMatrix(): { include: { image: string; commands: string }[] } {
  return { include: Object.entries(IMAGE_TOOLS).filter(([, tools]) => !tools.shellless).map(([image, tools]) => ({ image, commands: tools.commands.join(" ") })) };
}
