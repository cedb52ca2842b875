import { type CoinDefinition, type CoinstackSpec, PortRole } from "../../lib/coinstack/definition";
import { beaconService, EVM_DAEMON_THRESHOLDS, EVM_PORTS, evmIndexer, executionLibraries, JWT_SECRET } from "../evm";
import { probeMetrics } from "../lib/probe-metrics";
import { referenceCheck, script } from "../lib/scripts";

/**
 * Nethermind 2.2.2 (the newest stable release found, October 2026; the tag was not read from the
 * registry). Its image is Ubuntu (the .NET aspnet base) with no HTTP client and no USER, its
 * entrypoint /nethermind/nethermind (NethermindEth/nethermind Dockerfile).
 */
export const NETHERMIND_IMAGE = "nethermind/nethermind:2.2.2";
/** Lighthouse, as ethereum runs it: its images are built with Gnosis support (--network gnosis). */
export const GNOSIS_BEACON_IMAGE = "sigp/lighthouse:v8.1.2";
/** blockbook with a "Gnosis" coin (the shapeshiftdao fork the original ran in 2025; trezor/blockbook has none). */
export const GNOSIS_INDEXER_IMAGE = "shapeshiftdao/unchained-blockbook:gnosis-no-erc1155-d40a796";

/**
 * Gnosis Chain: Nethermind (execution), Lighthouse (consensus, from a checkpoint) and blockbook.
 * Nethermind's image has a shell but no curl or wget: its init script runs there, its startup and
 * liveness are the kubelet's TCP connect to its JSON-RPC (its /health answers 503 while it syncs, so
 * it cannot be a liveness check; a stall shows in the height and lag alerts), and readiness, geth's
 * (eth_syncing, peers, the reference quorum), runs in the monitor container. Nethermind serves its
 * websocket on the JSON-RPC port, where blockbook subscribes. Mainnet only: blockbook has no Chiado
 * coin. 5-second slots. Sizes: the original's (2/2 CPUs and 1000Gi for Nethermind, with the 8Gi it
 * had by 2025; Lighthouse 1/2, 6Gi, 500Gi; blockbook 1/2, 12Gi, 500Gi).
 */
export const gnosis: CoinDefinition = {
  name: "gnosis",
  family: "evm",
  networks: ["mainnet"],
  p2pExposures: [],
  spec(networkName: string): CoinstackSpec {
    if (networkName !== "mainnet") throw new Error(`gnosis: no network ${networkName}`);
    const measured = probeMetrics("daemon", ["height", "syncLag"]);
    // 5-second slots: 15 minutes is 180 of them.
    const window = "900";
    const rpc = { tcpSocket: { port: "daemon-rpc" } };
    return {
      secrets: [JWT_SECRET],
      services: [
        {
          name: "daemon",
          image: NETHERMIND_IMAGE,
          ports: [
            { name: "daemon-rpc", port: EVM_PORTS.rpc, role: PortRole.RPC },
            { name: "daemon-auth", port: EVM_PORTS.auth, role: PortRole.AUTH },
            { name: "daemon-p2p", port: EVM_PORTS.p2p, role: PortRole.P2P },
            { name: "daemon-disc", port: EVM_PORTS.p2p, role: PortRole.P2P, protocol: "UDP" },
          ],
          env: {
            NETHERMIND_CONFIG: "gnosis",
            RPC_PORT: String(EVM_PORTS.rpc),
            AUTH_PORT: String(EVM_PORTS.auth),
            P2P_PORT: String(EVM_PORTS.p2p),
            MIN_PEERS: "1",
            ...referenceCheck(["https://rpc.gnosischain.com", "https://gnosis-rpc.publicnode.com", "https://rpc.gnosis.gateway.fm"], 5),
            LIVENESS_WINDOW_SECONDS: window,
            ...measured.env,
          },
          integerEnv: EVM_DAEMON_THRESHOLDS,
          urlEnv: ["REFERENCE_ENDPOINTS"],
          scripts: { init: script("gnosis/daemon/init.sh"), readiness: script("evm/daemon/readiness.sh") },
          networkProbes: { startup: rpc, liveness: rpc },
          probes: { readiness: { timeoutSeconds: 20 } },
          monitor: true,
          configFiles: executionLibraries("daemon"),
          resources: { requests: { cpu: "2", memory: "8Gi" }, limits: { cpu: "2", memory: "8Gi" } },
          storage: { size: "1000Gi" },
        },
        beaconService({
          image: GNOSIS_BEACON_IMAGE,
          network: "gnosis",
          checkpointSyncUrl: "https://checkpoint.gnosischain.com",
          livenessWindowSeconds: window,
          resources: { requests: { cpu: "1", memory: "6Gi" }, limits: { cpu: "2", memory: "6Gi" } },
          storage: { size: "500Gi" },
        }),
        evmIndexer({
          image: GNOSIS_INDEXER_IMAGE,
          coinName: "Gnosis",
          shortcut: "xDAI",
          livenessWindowSeconds: window,
          backend: { port: EVM_PORTS.rpc },
          chainConfig: {
            rpc_url: `ws://127.0.0.1:${EVM_PORTS.rpc}`,
            consensusNodeVersion: `http://127.0.0.1:${EVM_PORTS.beaconApi}/eth/v1/node/version`,
            averageBlockTimeMs: 5000,
            eip1559Fees: true,
            mempoolTxTimeoutHours: 48,
            queryBackendOnMempoolResync: false,
          },
          resources: { requests: { cpu: "1", memory: "12Gi" }, limits: { cpu: "2", memory: "12Gi" } },
          storage: { size: "500Gi" },
        }),
      ],
      sidecars: [measured.sidecar],
    };
  },
};
