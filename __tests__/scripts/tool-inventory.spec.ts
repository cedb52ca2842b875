/**
 * The declared tool inventory per image (coinstacks/image-tools.ts): every image the project pins
 * declares the commands its scripts may call, and the tests' trace holds every script run to it,
 * without exceptions.
 */
import { copyFileSync, appendFileSync } from "node:fs";
import { join } from "node:path";
import { COINS } from "../../coinstacks";
import { IMAGE_TOOLS } from "../../coinstacks/image-tools";
import { loadEnvironments } from "../../lib/config/load";
import { runScript, sandboxPerTest, scriptPath } from "../helpers/scripts";
import { scriptImages } from "../helpers/tool-trace";
import { COIN_NAMES } from "../../coinstacks/names";

// Each test starts shells and servers; a loaded CI machine needs more than jest's 5 s.
jest.setTimeout(60_000);

const t = sandboxPerTest();
const pinnedByDefinitions = (): string[] => [...new Set([...scriptImages().values()].flatMap((images) => [...images]))].sort();

/** The image every shipped environment gives each service, with the image its definition pins. */
function environmentImages(): { where: string; image: string; definitionImage: string }[] {
  return loadEnvironments({ coins: COIN_NAMES }).flatMap((env) =>
    Object.entries(env.coins ?? {}).flatMap(([coinName, coin]) => {
      const definition = COINS[coinName as keyof typeof COINS];
      const spec = definition.spec(coin?.network ?? definition.networks[0], {
        replicas: 1,
        workloads: Object.fromEntries((definition.workloads ?? []).map((name) => [name, { enabled: true, protected: false }])),
      });
      const pods: [string, typeof spec.services, Record<string, { image?: string } | undefined> | undefined][] = [
        [`coins.${coinName}`, spec.services, coin?.services],
        ...(spec.workloads ?? []).map((w): [string, typeof spec.services, Record<string, { image?: string } | undefined> | undefined] => [
          `coins.${coinName}.workloads.${w.name}`,
          w.services,
          coin?.workloads?.[w.name]?.services,
        ]),
      ];
      return pods.flatMap(([path, services, settings]) =>
        services.flatMap((service) => {
          const image = settings?.[service.name]?.image;
          return image ? [{ where: `config/${env.name}.yaml: ${path}.services.${service.name}.image`, image, definitionImage: service.image }] : [];
        }),
      );
    }),
  );
}

describe("the declarations", () => {
  it("cover every image a coin definition runs a script in", () => {
    expect(pinnedByDefinitions().filter((image) => !IMAGE_TOOLS[image])).toEqual([]);
  });

  it("cover every image a shipped environment pins, declaring at least what the definition's image declares", () => {
    const problems = environmentImages().flatMap(({ where, image, definitionImage }) => {
      const own = IMAGE_TOOLS[image];
      if (!own) return [`${where}: ${image} declares no commands in coinstacks/image-tools.ts`];
      const missing = IMAGE_TOOLS[definitionImage]!.commands.filter((c) => !own.commands.includes(c));
      return missing.length > 0 ? [`${where}: ${image} lacks ${missing.join(", ")} of ${definitionImage}`] : [];
    });
    expect(problems).toEqual([]);
  });

  it("name only images the project pins", () => {
    const pinned = new Set([...pinnedByDefinitions(), ...environmentImages().map((e) => e.image)]);
    expect(Object.keys(IMAGE_TOOLS).filter((image) => !pinned.has(image))).toEqual([]);
  });

  // Each init script execs the binary that <NAME>_BINARY names, or its default.
  it("include the binary each init script execs", () => {
    const problems = Object.values(COINS).flatMap((coin) =>
      coin.networks.flatMap((network) =>
        coin.spec(network).services.flatMap((service) => {
          const exec = /\$\{?(\w+_BINARY)\b(?::-([^}"]+))?/.exec(service.scripts?.init ?? "");
          if (!exec) return [];
          const binary = service.env?.[exec[1]!] ?? exec[2];
          return binary && IMAGE_TOOLS[service.image]?.commands.includes(binary) ? [] : [`${coin.name} ${service.name}: ${service.image} does not declare ${binary ?? exec[1]}`];
        }),
      ),
    );
    expect([...new Set(problems)]).toEqual([]);
  });
});

describe("the trace", () => {
  const STARTUP = scriptPath("blockbook/startup.sh");

  it("lets a run that calls only declared commands pass, recording its interpreter alone", async () => {
    const result = await runScript(STARTUP, t.box.env({ BLOCKBOOK_PORT: "1" }));
    expect(result.output).toContain("does not answer");
    expect(result.calls).toEqual(["/bin/sh"]);
  });

  it("fails the run of a script that calls a command its image does not declare", async () => {
    // The probe library as a script would be after gaining an awk call.
    const lib = join(t.box.root, "probe-lib.sh");
    copyFileSync(scriptPath("lib/probe-lib.sh"), lib);
    appendFileSync(lib, "awk 'BEGIN { exit 0 }' </dev/null\n");
    await expect(runScript(STARTUP, t.box.env({ BLOCKBOOK_PORT: "1", PROBE_LIB: lib }))).rejects.toThrow(
      /coinstacks\/blockbook\/startup\.sh called `awk`, which shapeshiftdao\/unchained-blockbook:\w+ \(.*\) does not declare in coinstacks\/image-tools\.ts/,
    );
  });
});
