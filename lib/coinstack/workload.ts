import { StatefulSetV1 } from "@cdktf/provider-kubernetes/lib/stateful-set-v1";
import type {
  StatefulSetV1SpecTemplateSpecContainer,
  StatefulSetV1SpecTemplateSpecContainerEnv,
  StatefulSetV1SpecTemplateSpecContainerVolumeMount,
  StatefulSetV1SpecTemplateSpecVolume,
} from "@cdktf/provider-kubernetes/lib/stateful-set-v1";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { SECRETS_DIR } from "./credentials";
import { claimAnnotations } from "./storage";
import { PortRole, type ProbeKind } from "./definition";
import { MONITOR_IMAGE } from "./monitor-image";
import type { ResolvedCoinstack, ResolvedPort, ResolvedService, ResolvedSidecar } from "./resolve";
import { tolerationsOf } from "../aws/node-group";
import { CREDENTIALS_REVISION_ANNOTATION, platformNames } from "../core/names";
import { terraformTextDeep } from "../core/terraform-text";

/** UID, GID and fsGroup of every container unless a service overrides them with a reason. */
export const NON_ROOT_ID = 10001;


const SCRIPTS_VOLUME = "scripts";
const SECRETS_VOLUME = "credentials";
const TMP_VOLUME = "tmp";

/** Idles until told to stop, answering TERM at once (the monitor only hosts the readiness probe). */
const MONITOR_COMMAND = ["/bin/sh", "-c", "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait $!; done"];

function envName(portName: string): string {
  return portName.toUpperCase().replace(/-/g, "_");
}

/** Environment every container gets: identity, POD_INDEX for per-pod ports and names, and P2P advertisement. */
export function commonEnv(coinstack: ResolvedCoinstack, service: ResolvedService): StatefulSetV1SpecTemplateSpecContainerEnv[] {
  const env: StatefulSetV1SpecTemplateSpecContainerEnv[] = [
    { name: "POD_INDEX", valueFrom: { fieldRef: { fieldPath: "metadata.labels['apps.kubernetes.io/pod-index']" } } },
    { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
    { name: "POD_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
    { name: "ASSET", value: coinstack.names.asset },
    { name: "NETWORK", value: coinstack.network },
    { name: "DATA_DIR", value: service.dataDir },
    { name: "SECRETS_DIR", value: SECRETS_DIR },
    { name: "HEADLESS_SERVICE", value: coinstack.names.headlessService },
  ];
  const p2p = coinstack.settings.p2p;
  const p2pPorts = coinstack.ports.filter((p) => p.role === PortRole.P2P);
  if (p2p.exposure !== "none" && p2pPorts.length > 0) {
    env.push({ name: "P2P_EXPOSURE", value: p2p.exposure });
    if (p2p.exposure === "NodePort") {
      env.push({ name: "P2P_ADVERTISE_HOST", valueFrom: { fieldRef: { fieldPath: "status.hostIP" } } });
      env.push({ name: "P2P_ADVERTISE_PORT_STRIDE", value: "1" });
    } else {
      env.push({ name: "P2P_ADVERTISE_HOST_TEMPLATE", value: p2pHostTemplate(coinstack) });
      env.push({ name: "P2P_ADVERTISE_PORT_STRIDE", value: "0" });
    }
    p2pPorts.forEach((port, index) => {
      env.push({ name: `P2P_ADVERTISE_PORT_BASE_${envName(port.name)}`, value: String(p2pAdvertisedPortBase(coinstack, port, index)) });
    });
  }
  return env;
}

/** `p2p-{index}.<asset>[.<label>].<root>`: each pod's load balancer name, published by external-dns. */
export function p2pHostTemplate(coinstack: ResolvedCoinstack): string {
  const dns = coinstack.env.dns;
  return ["p2p-{index}", coinstack.names.asset, dns?.environmentLabel, dns?.rootDomain].filter(Boolean).join(".");
}

/** Port peers dial for ordinal 0; pod N adds N x stride. NodePorts are laid out port by port: base + portIndex x replicas + N. */
export function p2pAdvertisedPortBase(coinstack: ResolvedCoinstack, port: ResolvedPort, portIndex: number): number {
  const p2p = coinstack.settings.p2p;
  if (p2p.exposure === "NodePort" && p2p.nodePortBase !== undefined) return p2p.nodePortBase + portIndex * coinstack.settings.replicas;
  return port.port;
}

function probe(kind: ProbeKind, service: ResolvedService) {
  const timing = service.probes[kind];
  return { exec: { command: [`/${kind}.sh`] }, ...timing, successThreshold: 1 };
}

function scriptMounts(coinstack: ResolvedCoinstack, service: ResolvedService, kinds: readonly string[]): StatefulSetV1SpecTemplateSpecContainerVolumeMount[] {
  return kinds
    .filter((kind) => service.scripts?.[kind as ProbeKind] !== undefined)
    .map((kind) => ({ name: SCRIPTS_VOLUME, mountPath: `/${kind}.sh`, subPath: coinstack.names.scriptKey(service.name, kind), readOnly: true }));
}

function configFileMounts(service: ResolvedService): StatefulSetV1SpecTemplateSpecContainerVolumeMount[] {
  return (service.configFiles ?? []).map((f) => ({ name: SCRIPTS_VOLUME, mountPath: f.mountPath, subPath: f.key, readOnly: true }));
}

function restrictedSecurityContext(service: Pick<ResolvedService, "security">) {
  return {
    runAsNonRoot: true,
    runAsUser: String(service.security?.runAsUser ?? NON_ROOT_ID),
    runAsGroup: String(service.security?.runAsGroup ?? NON_ROOT_ID),
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: service.security?.readOnlyRootFilesystem ?? true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** The service's containers: the service itself and, when asked for, its readiness monitor. */
export function serviceContainers(
  coinstack: ResolvedCoinstack,
  service: ResolvedService,
  hasSecrets: boolean,
): StatefulSetV1SpecTemplateSpecContainer[] {
  const { names } = coinstack;
  const probesOn = coinstack.settings.probes;
  const scripts = service.scripts ?? {};
  const env = [...commonEnv(coinstack, service), ...Object.entries(service.env).map(([name, value]) => ({ name, value }))];
  const dataMount = { name: names.claimTemplate(service.name), mountPath: service.dataDir };
  const shared: StatefulSetV1SpecTemplateSpecContainerVolumeMount[] = [
    { name: TMP_VOLUME, mountPath: "/tmp" },
    ...(hasSecrets ? [{ name: SECRETS_VOLUME, mountPath: SECRETS_DIR, readOnly: true }] : []),
  ];
  const readinessInMonitor = service.monitor === true;

  const main: StatefulSetV1SpecTemplateSpecContainer = {
    name: names.container(service.name),
    image: service.image,
    imagePullPolicy: "IfNotPresent",
    command: service.command ? [...service.command] : scripts.init ? ["/init.sh"] : undefined,
    args: service.args ? [...service.args] : undefined,
    env,
    port: service.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol })),
    resources: { requests: { ...service.resources.requests }, limits: { ...service.resources.limits } },
    securityContext: restrictedSecurityContext(service),
    startupProbe: probesOn && scripts.startup ? probe("startup", service) : undefined,
    livenessProbe: probesOn && scripts.liveness ? probe("liveness", service) : undefined,
    readinessProbe: probesOn && scripts.readiness && !readinessInMonitor ? probe("readiness", service) : undefined,
    volumeMount: [
      dataMount,
      ...scriptMounts(coinstack, service, ["init", "startup", "liveness", ...(readinessInMonitor ? [] : ["readiness"])]),
      ...configFileMounts(service),
      ...(service.scratchVolumes ?? []).map((v) => ({ name: v.name, mountPath: v.mountPath })),
      ...shared,
    ],
  };
  if (!readinessInMonitor) return [main];

  const monitor: StatefulSetV1SpecTemplateSpecContainer = {
    name: names.monitorContainer(service.name),
    image: MONITOR_IMAGE,
    imagePullPolicy: "IfNotPresent",
    command: MONITOR_COMMAND,
    env,
    resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
    securityContext: restrictedSecurityContext({ security: undefined }),
    readinessProbe: probesOn ? probe("readiness", service) : undefined,
    // The data volume is mounted (read-only) so the readiness kill switch file is visible here too.
    volumeMount: [
      { ...dataMount, readOnly: true },
      ...scriptMounts(coinstack, service, ["readiness"]),
      // The readiness script sources its helpers (the probe library) from the service's config files.
      ...configFileMounts(service),
      ...shared,
    ],
  };
  return [main, monitor];
}

/** A sidecar: restricted like the services, sharing /tmp and /secrets, owning no data volume. */
export function sidecarContainer(coinstack: ResolvedCoinstack, sidecar: ResolvedSidecar, hasSecrets: boolean): StatefulSetV1SpecTemplateSpecContainer {
  return {
    name: coinstack.names.container(sidecar.name),
    image: sidecar.image,
    imagePullPolicy: "IfNotPresent",
    command: sidecar.command ? [...sidecar.command] : undefined,
    args: sidecar.args ? [...sidecar.args] : undefined,
    env: Object.entries(sidecar.env ?? {}).map(([name, value]) => ({ name, value })),
    port: sidecar.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol })),
    resources: { requests: { ...sidecar.resources.requests }, limits: { ...sidecar.resources.limits } },
    securityContext: restrictedSecurityContext({ security: undefined }),
    volumeMount: [
      { name: TMP_VOLUME, mountPath: "/tmp" },
      ...(hasSecrets ? [{ name: SECRETS_VOLUME, mountPath: SECRETS_DIR, readOnly: true }] : []),
    ],
  };
}

/** Node affinity keeping pods in the configured zones. */
function zoneAffinity(zones: readonly string[]) {
  if (zones.length === 0) return undefined;
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerm: [{ matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In", values: [...zones] }] }],
      },
    },
  };
}

/** Node selector and tolerations: the configured node group's labels and taints, then the explicit ones. */
export function nodePlacement(coinstack: ResolvedCoinstack) {
  const scheduling = coinstack.settings.scheduling;
  const group = coinstack.env.cluster?.nodeGroups.find((g) => g.name === scheduling.nodeGroup);
  return {
    nodeSelector: { ...(group?.labels ?? {}), ...scheduling.nodeSelector },
    tolerations: [...tolerationsOf(group?.taints ?? []), ...scheduling.tolerations],
  };
}

export interface CoinStatefulSetProps {
  readonly coinstack: ResolvedCoinstack;
  readonly namespace: string;
  readonly serviceAccountName: string;
  readonly configMapName: string;
  /** Rolls the pods when scripts change (subPath mounts never see ConfigMap updates). */
  readonly scriptsChecksum: string;
  readonly secretName?: string;
  /**
   * Revision of the generated credentials (`data_wo_revision`); when these pods mount them, a
   * rotation changes their template and restarts them with the new values. @default none (nothing generated)
   */
  readonly credentialsRevision?: number;
  /** Claims that must exist before the controller looks for them. */
  readonly dependsOn: ITerraformDependable[];
}

/**
 * `<asset>-sts`: every service of the coinstack in one pod, hardened to Pod
 * Security `restricted`, with a long grace period so daemons flush their
 * caches, data claims retained on delete and scale-down, and nothing that
 * would make Terraform replace it silently (claim templates are frozen,
 * `prevent_destroy` stops any replacement plan).
 */
export class CoinStatefulSet extends Construct {
  readonly statefulSet: StatefulSetV1;

  constructor(scope: Construct, id: string, props: CoinStatefulSetProps) {
    super(scope, id);
    const { coinstack } = props;
    const { names, settings } = coinstack;
    const keys = coinstack.secretKeys;
    const hasSecrets = props.secretName !== undefined && keys?.length !== 0;
    // Only the keys these pods need (e.g. full nodes never see a validator's node key unless they must).
    const items = keys?.map((key) => ({ key, path: key }));
    const volumes: StatefulSetV1SpecTemplateSpecVolume[] = [
      { name: SCRIPTS_VOLUME, configMap: { name: props.configMapName, defaultMode: "0555" } },
      { name: TMP_VOLUME, emptyDir: { sizeLimit: "1Gi" } },
      ...(hasSecrets ? [{ name: SECRETS_VOLUME, secret: { secretName: props.secretName, defaultMode: "0440", items } }] : []),
      ...coinstack.services.flatMap((s) => (s.scratchVolumes ?? []).map((v) => ({ name: v.name, emptyDir: { sizeLimit: v.emptyDirSizeLimit } }))),
    ];
    const placement = nodePlacement(coinstack);
    const spread =
      settings.replicas > 1
        ? [
            // Never two replicas on one node; spread over zones when capacity allows (EBS volumes pin a pod to its zone).
            { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule", labelSelector: [{ matchLabels: names.selectorLabels }] },
            { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: [{ matchLabels: names.selectorLabels }] },
          ]
        : undefined;

    this.statefulSet = new StatefulSetV1(this, "stateful-set", terraformTextDeep({
      metadata: { name: names.statefulSet, namespace: props.namespace, labels: names.labels },
      spec: {
        serviceName: names.headlessService,
        replicas: String(settings.replicas),
        podManagementPolicy: settings.podManagementPolicy,
        updateStrategy: [{ type: "RollingUpdate", rollingUpdate: [{ partition: settings.updatePartition }] }],
        persistentVolumeClaimRetentionPolicy: [{ whenDeleted: "Retain", whenScaled: "Retain" }],
        revisionHistoryLimit: 10,
        selector: { matchLabels: names.selectorLabels },
        template: {
          metadata: {
            labels: names.labels,
            annotations: {
              "coinstacks.io/scripts-checksum": props.scriptsChecksum,
              ...(hasSecrets && props.credentialsRevision !== undefined ? { [CREDENTIALS_REVISION_ANNOTATION]: String(props.credentialsRevision) } : {}),
            },
          },
          spec: {
            serviceAccountName: props.serviceAccountName,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            terminationGracePeriodSeconds: settings.terminationGracePeriodSeconds,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: String(NON_ROOT_ID),
              runAsGroup: String(NON_ROOT_ID),
              fsGroup: String(NON_ROOT_ID),
              fsGroupChangePolicy: "OnRootMismatch",
              seccompProfile: { type: "RuntimeDefault" },
            },
            container: [
              ...coinstack.services.flatMap((service) => serviceContainers(coinstack, service, hasSecrets)),
              ...coinstack.sidecars.map((sidecar) => sidecarContainer(coinstack, sidecar, hasSecrets)),
            ],
            affinity: zoneAffinity(settings.scheduling.zones),
            volume: volumes,
            nodeSelector: Object.keys(placement.nodeSelector).length > 0 ? placement.nodeSelector : undefined,
            toleration: placement.tolerations.map((t) => ({ key: t.key, operator: t.operator, value: t.value, effect: t.effect })),
            priorityClassName: settings.scheduling.priorityClassName ?? platformNames.priorityClass.chain,
            imagePullSecrets: settings.scheduling.imagePullSecrets.map((name) => ({ name })),
            topologySpreadConstraint: spread,
          },
        },
        // The controller only uses a template when a claim is missing: Terraform creates every claim first
        // (CoinVolumes), but a claim deleted for a re-sync, or an ordinal the controller reaches before
        // Terraform, is made from it. So it carries the configured size and IOPS/throughput, as of the
        // StatefulSet's creation: templates are immutable (ignore_changes below), later growth goes
        // through the claims, and a template claim smaller than today's size is grown by the next apply
        // only if Terraform owns it (README "How coinstacks keep data safe").
        volumeClaimTemplate: coinstack.services.map((service) => ({
          metadata: {
            name: names.claimTemplate(service.name),
            labels: { ...names.selectorLabels, "app.kubernetes.io/component": service.name },
            annotations: claimAnnotations(coinstack, service),
          },
          spec: {
            accessModes: ["ReadWriteOnce"],
            storageClassName: coinstack.storageClassName,
            resources: { requests: { storage: service.storage.size } },
          },
        })),
      },
      // Syncs take days; Terraform must not wait for Ready.
      waitForRollout: false,
      lifecycle: {
        preventDestroy: true,
        // Claim templates are immutable in the API and ForceNew in the provider; sizes change through the claims.
        ignoreChanges: ["spec[0].volume_claim_template"],
      },
      dependsOn: props.dependsOn,
    }));
  }
}
