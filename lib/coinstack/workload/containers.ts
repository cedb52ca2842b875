/** The containers of a coinstack pod: each service (and its readiness monitor) and each sidecar, restricted alike. */
import type { StatefulSetV1SpecTemplateSpecContainer, StatefulSetV1SpecTemplateSpecContainerVolumeMount } from "@cdktf/provider-kubernetes/lib/stateful-set-v1";
import { SECRETS_DIR } from "../credentials";
import type { ProbeKind } from "../definition";
import { MAINTENANCE_DIR } from "../maintenance";
import { MONITOR_IMAGE } from "../monitor-image";
import type { ResolvedCoinstack, ResolvedService, ResolvedSidecar } from "../resolve";
import { commonEnv } from "./env";

/** UID, GID and fsGroup of every container unless a service overrides them with a reason. */
export const NON_ROOT_ID = 10001;

/** Names of the pod's own volumes (the data volumes are the claim templates'). */
export const POD_VOLUMES = { scripts: "scripts", secrets: "credentials", tmp: "tmp", maintenance: "maintenance" } as const;

/** What a `<service>-monitor` container asks for: it only runs the readiness probe. */
export const MONITOR_RESOURCES = { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "100m", memory: "64Mi" } } as const;

/** Idles until told to stop, answering TERM at once (the monitor only hosts the readiness probe). */
const MONITOR_COMMAND = ["/bin/sh", "-c", "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait $!; done"];

/** The service's script for `kind`, or the kubelet's own GET or connect for an image without a shell. */
function probe(kind: ProbeKind, service: ResolvedService) {
  const timing = service.probes[kind];
  const network = kind === "readiness" ? undefined : service.networkProbes?.[kind];
  if (network && "httpGet" in network) return { httpGet: { path: network.httpGet.path, port: network.httpGet.port }, ...timing, successThreshold: 1 };
  if (network) return { tcpSocket: [{ port: network.tcpSocket.port }], ...timing, successThreshold: 1 };
  return { exec: { command: [`/${kind}.sh`] }, ...timing, successThreshold: 1 };
}

function scriptMounts(coinstack: ResolvedCoinstack, service: ResolvedService, kinds: readonly string[]): StatefulSetV1SpecTemplateSpecContainerVolumeMount[] {
  return kinds
    .filter((kind) => service.scripts?.[kind as ProbeKind] !== undefined)
    .map((kind) => ({ name: POD_VOLUMES.scripts, mountPath: `/${kind}.sh`, subPath: coinstack.names.scriptKey(service.name, kind), readOnly: true }));
}

function configFileMounts(service: ResolvedService): StatefulSetV1SpecTemplateSpecContainerVolumeMount[] {
  return (service.configFiles ?? []).map((f) => ({ name: POD_VOLUMES.scripts, mountPath: f.mountPath, subPath: f.key, readOnly: true }));
}

/** The pod-level part of the restricted Pod Security profile: a non-root user and group, the runtime's seccomp profile. */
export function restrictedPodSecurityContext() {
  return { runAsNonRoot: true, runAsUser: String(NON_ROOT_ID), runAsGroup: String(NON_ROOT_ID), seccompProfile: { type: "RuntimeDefault" } };
}

/** The restricted Pod Security profile, with a service's own user, group and root filesystem where it sets them. */
export function restrictedSecurityContext(service: Pick<ResolvedService, "security">) {
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

/** What a service's containers share: the environment and the mounts of /tmp and the credentials. */
interface ServiceContext {
  readonly coinstack: ResolvedCoinstack;
  readonly service: ResolvedService;
  readonly env: NonNullable<StatefulSetV1SpecTemplateSpecContainer["env"]>;
  readonly dataMount: StatefulSetV1SpecTemplateSpecContainerVolumeMount;
  readonly shared: StatefulSetV1SpecTemplateSpecContainerVolumeMount[];
}

/** The service's containers: the service itself and, when asked for, its readiness monitor. */
export function serviceContainers(coinstack: ResolvedCoinstack, service: ResolvedService, hasSecrets: boolean): StatefulSetV1SpecTemplateSpecContainer[] {
  const context: ServiceContext = {
    coinstack,
    service,
    env: [...commonEnv(coinstack, service), ...Object.entries(service.env).map(([name, value]) => ({ name, value }))],
    dataMount: { name: coinstack.names.claimTemplate(service.name), mountPath: service.dataDir },
    shared: sharedMounts(hasSecrets),
  };
  return service.monitor === true ? [serviceContainer(context, true), monitorContainer(context)] : [serviceContainer(context, false)];
}

function sharedMounts(hasSecrets: boolean): StatefulSetV1SpecTemplateSpecContainerVolumeMount[] {
  return [
    { name: POD_VOLUMES.tmp, mountPath: "/tmp" },
    ...(hasSecrets ? [{ name: POD_VOLUMES.secrets, mountPath: SECRETS_DIR, readOnly: true }] : []),
    { name: POD_VOLUMES.maintenance, mountPath: MAINTENANCE_DIR, readOnly: true },
  ];
}

/** The service's own container; its readiness probe runs in the monitor when `readinessInMonitor`. */
function serviceContainer({ coinstack, service, env, dataMount, shared }: ServiceContext, readinessInMonitor: boolean): StatefulSetV1SpecTemplateSpecContainer {
  const probesOn = coinstack.settings.probes;
  const scripts = service.scripts ?? {};
  return {
    name: coinstack.names.container(service.name),
    image: service.image,
    imagePullPolicy: "IfNotPresent",
    command: service.command ? [...service.command] : scripts.init ? ["/init.sh"] : undefined,
    args: service.args ? [...service.args] : undefined,
    env,
    port: service.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol })),
    resources: { requests: { ...service.resources.requests }, limits: { ...service.resources.limits } },
    securityContext: restrictedSecurityContext(service),
    startupProbe: probesOn && (scripts.startup || service.networkProbes?.startup) ? probe("startup", service) : undefined,
    livenessProbe: probesOn && (scripts.liveness || service.networkProbes?.liveness) ? probe("liveness", service) : undefined,
    readinessProbe: probesOn && scripts.readiness && !readinessInMonitor ? probe("readiness", service) : undefined,
    volumeMount: [
      dataMount,
      ...scriptMounts(coinstack, service, ["init", "startup", "liveness", ...(readinessInMonitor ? [] : ["readiness"])]),
      ...configFileMounts(service),
      ...(service.scratchVolumes ?? []).map((v) => ({ name: v.name, mountPath: v.mountPath })),
      ...shared,
    ],
  };
}

/** A small container that only hosts the service's readiness probe (for images without the tools the probe needs). */
function monitorContainer({ coinstack, service, env, dataMount, shared }: ServiceContext): StatefulSetV1SpecTemplateSpecContainer {
  return {
    name: coinstack.names.monitorContainer(service.name),
    image: MONITOR_IMAGE,
    imagePullPolicy: "IfNotPresent",
    command: MONITOR_COMMAND,
    env,
    resources: { requests: { ...MONITOR_RESOURCES.requests }, limits: { ...MONITOR_RESOURCES.limits } },
    securityContext: restrictedSecurityContext({ security: undefined }),
    readinessProbe: coinstack.settings.probes ? probe("readiness", service) : undefined,
    // The data volume is mounted (read-only) so the readiness kill switch file is visible here too.
    volumeMount: [
      { ...dataMount, readOnly: true },
      ...scriptMounts(coinstack, service, ["readiness"]),
      // The readiness script sources its helpers (the probe library) from the service's config files.
      ...configFileMounts(service),
      ...shared,
    ],
  };
}

/** A sidecar: restricted like the services, sharing /tmp (and /secrets when it asks for them), owning no data volume. */
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
    volumeMount: sharedMounts(hasSecrets && sidecar.credentials === true),
  };
}
