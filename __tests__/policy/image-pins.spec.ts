/**
 * Issue 13, item 12: images may be pinned as `<image>:<tag>@sha256:<64 hex>`; B2 (digest pins) and B4
 * (allowed registries) are checks, and a tag-only image in prod is accepted only by a waiver that names
 * its coin stack and says why, listed in the synth summary.
 */
import { formatViolation } from "../../lib/policy/check";
import { CHECKS } from "../../lib/policy/checks";
import { evaluateStack } from "../../lib/policy/evaluate";
import { synthCoin } from "../helpers/coinstack";
import { shippedEnvironment, variantOf } from "../helpers/synth";

const DIGEST = "0123456789abcdef".repeat(4);
const PINNED = `shapeshiftdao/bitcoin-core:26.0@sha256:${DIGEST}`;
const check = (id: string) => CHECKS.filter((c) => c.id === id);

/** prod-bitcoin's stack with its daemon's image set in config (the indexer keeps its tag). */
function prodBitcoinWithDaemonImage(image: string) {
  const env = variantOf("prod", (input) => (input.coins.bitcoin.services.daemon.image = image));
  return synthCoin("bitcoin", { env }) as any;
}

describe("a digest-pinned image in config", () => {
  it("is accepted as <image>:<tag>@sha256:<64 lowercase hex> and reaches the container unchanged", () => {
    const stack = prodBitcoinWithDaemonImage(PINNED);
    const sts: any = Object.values(stack.resource.kubernetes_stateful_set_v1)[0];
    expect(sts.spec.template.spec.container.map((c: any) => c.image)).toContain(PINNED);
  });

  it.each([
    ["63 hex digits", `shapeshiftdao/bitcoin-core:26.0@sha256:${DIGEST.slice(1)}`],
    ["upper-case hex", `shapeshiftdao/bitcoin-core:26.0@sha256:${DIGEST.toUpperCase()}`],
    ["another algorithm", `shapeshiftdao/bitcoin-core:26.0@sha512:${DIGEST}`],
  ])("is refused with %s, naming the digest form", (_, image) => {
    expect(() => variantOf("prod", (input) => (input.coins.bitcoin.services.daemon.image = image))).toThrow(
      /coins\.bitcoin\.services\.daemon\.image: expected an image pinned to a tag other than "latest" or to a digest, such as bitcoin\/bitcoin:28\.1 or bitcoin\/bitcoin:28\.1@sha256:<64 lowercase hex digits>/,
    );
  });
});

describe("B2", () => {
  it("passes a container pinned by digest and reports the one pinned by tag only", () => {
    const json = prodBitcoinWithDaemonImage(PINNED);
    const findings = evaluateStack("prod-bitcoin", json, check("B2")).violations.map(formatViolation);
    expect(findings).toEqual([expect.stringMatching(/: B2 \[CKV_K8S_43, .*\]: container bitcoin-indexer: image shapeshiftdao\/unchained-blockbook:c2cb648 is pinned by tag only; fix: pin it as /)]);
  });
});

describe("B4", () => {
  it("passes images from the allowed registries and reports one from anywhere else", () => {
    const json = prodBitcoinWithDaemonImage("ghcr.io/someone/bitcoin-core:26.0");
    const findings = evaluateStack("prod-bitcoin", json, check("B4"), { context: { imageRegistries: ["docker.io/shapeshiftdao", "docker.io/prom/node-exporter"] } }).violations.map(formatViolation);
    expect(findings).toEqual([expect.stringContaining("container bitcoin-daemon: image ghcr.io/someone/bitcoin-core:26.0 is from none of docker.io/shapeshiftdao, docker.io/prom/node-exporter")]);
  });

  it("reads Docker Hub short names as docker.io and matches whole repository path segments", () => {
    const json = prodBitcoinWithDaemonImage("shapeshiftdao-evil/bitcoin-core:26.0");
    const findings = evaluateStack("prod-bitcoin", json, check("B4"), { context: { imageRegistries: ["docker.io/shapeshiftdao", "docker.io/prom/node-exporter"] } }).violations;
    expect(findings.map((v) => v.finding.what)).toEqual(["container bitcoin-daemon: image shapeshiftdao-evil/bitcoin-core:26.0 is from none of docker.io/shapeshiftdao, docker.io/prom/node-exporter"]);
  });

  it("takes the allow-list from policy.imageRegistries", () => {
    expect(variantOf("prod", (input) => (input.policy.imageRegistries = ["123456789012.dkr.ecr.us-east-2.amazonaws.com"])).policy.imageRegistries).toEqual([
      "123456789012.dkr.ecr.us-east-2.amazonaws.com",
    ]);
  });
});

describe("the shipped prod environment", () => {
  // Each waiver also matches at least one finding: synth fails on a waiver that matches none (synthesized-policy.spec.ts).
  const prodB2 = shippedEnvironment("prod").policy.waivers.filter((w) => w.check === "B2");

  it("accepts each coin's tag-only images by a waiver naming that coin's stack, never all of prod at once", () => {
    expect(prodB2.map((w) => w.resource)).toEqual(
      ["bitcoin", "litecoin", "dogecoin", "bitcoincash", "ethereum", "polkadot", "optimism", "base", "arbitrum", "arbitrum-nova", "bnbsmartchain", "avalanche", "cosmos", "gnosis", "polygon", "thorchain"].map((coin) => `prod-${coin}/kubernetes_stateful_set_v1.*`),
    );
  });

  it("says for each which images are tag-only and why they were accepted", () => {
    expect(prodB2).toHaveLength(16);
    for (const waiver of prodB2) expect(waiver.reason).toMatch(/^tag-only, accepted until its digest is pinned: .+ \(.+\)$/);
  });
});
