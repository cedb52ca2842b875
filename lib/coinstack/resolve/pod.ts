/**
 * One pod template (the main StatefulSet's or a workload's): its services and
 * sidecars, and what they must agree on because they share the pod's network
 * namespace, its Service and the coin's ConfigMap.
 */
import type { CoinSettings } from "../../config/coin-settings";
import { isPinnedImage } from "../../config/coin-settings";
import { DNS_LABEL } from "../../config/rules";
import type { CoinstackNames } from "../../core/names";
import { type PortDefinition, type ServiceDefinition, type SidecarDefinition, UNROUTABLE_ROLES } from "../definition";
import type { KeyPath, Report } from "./problems";
import { resolveService, serviceScope } from "./service";
import type { ResolvedPort, ResolvedService, ResolvedSidecar } from "./types";

const PORT_NAME = /^(?=.{1,15}$)(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** The containers of one pod template, before they are checked together. */
export interface PodInput {
  readonly names: CoinstackNames;
  readonly services: readonly ServiceDefinition[];
  readonly sidecars?: readonly SidecarDefinition[];
  /** Config overrides by service name. */
  readonly settings: CoinSettings["services"];
  /** Path of the pod's settings under coins.<coin> in config. */
  readonly configPath: KeyPath;
  /** Path of the pod's definition in the coin's spec. */
  readonly definitionPath: KeyPath;
  /** Recorded volume sizes by service. */
  readonly floors: Record<string, string>;
}

export interface ResolvedPod {
  readonly services: ResolvedService[];
  readonly sidecars: ResolvedSidecar[];
  readonly ports: ResolvedPort[];
}

/** Resolves and checks one pod template's services, sidecars, ports and ConfigMap keys. */
export function resolvePod(pod: PodInput, storageClassName: string | undefined, report: Report): ResolvedPod {
  checkServiceSettings(pod, report);
  const usedNames = new Set<string>();
  const services = pod.services.map((definition, index) => {
    const configPath = [...pod.configPath, "services", definition.name];
    const scope = serviceScope(definition, pod.settings[definition.name], report, configPath, [...pod.definitionPath, "services", index]);
    return resolveService(scope, pod.names, usedNames, { storageClassName, floor: pod.floors[definition.name] });
  });
  const sidecars = resolveSidecars(pod, usedNames, report);
  checkPorts(pod, report);
  checkConfigMapKeys(pod, report);
  return { services, sidecars, ports: [...services, ...sidecars].flatMap((s) => s.ports) };
}

function checkServiceSettings(pod: PodInput, report: Report): void {
  const known = [...new Set(pod.services.map((s) => s.name))];
  for (const name of Object.keys(pod.settings)) {
    if (!known.includes(name)) report("config", [...pod.configPath, "services", name], undefined, `unknown service; expected one of ${known.join(", ")}`);
  }
}

function resolveSidecars(pod: PodInput, usedNames: Set<string>, report: Report): ResolvedSidecar[] {
  return (pod.sidecars ?? []).map((sidecar, index) => {
    const path = [...pod.definitionPath, "sidecars", index];
    if (!isPinnedImage(sidecar.image)) report("definition", [...path, "image"], sidecar.image, 'expected an image pinned to a tag other than "latest" or to a digest');
    if (usedNames.has(sidecar.name) || !DNS_LABEL.test(sidecar.name)) {
      report("definition", [...path, "name"], sidecar.name, "expected a lowercase RFC 1123 label not used by a service or another sidecar");
    }
    usedNames.add(sidecar.name);
    return { ...sidecar, ports: (sidecar.ports ?? []).map((p) => ({ ...p, protocol: p.protocol ?? "TCP", service: sidecar.name })) };
  });
}

/** Ports share one pod network namespace and one Service: names and numbers must be unique across containers. */
function checkPorts(pod: PodInput, report: Report): void {
  const portNames = new Map<string, string>();
  const portNumbers = new Map<string, string>();
  const containers = [
    ...pod.services.map((s, i) => ({ owner: s, path: [...pod.definitionPath, "services", i] })),
    ...(pod.sidecars ?? []).map((s, i) => ({ owner: s, path: [...pod.definitionPath, "sidecars", i] })),
  ];
  for (const { owner, path: ownerPath } of containers) {
    (owner.ports ?? []).forEach((port, portIndex) => {
      const path = [...ownerPath, "ports", portIndex];
      checkPort(port, path, report);
      const nameOwner = portNames.get(port.name);
      if (nameOwner) report("definition", [...path, "name"], port.name, `expected a unique port name (already used by ${nameOwner})`);
      portNames.set(port.name, owner.name);
      const numberKey = `${port.port}/${port.protocol ?? "TCP"}`;
      const numberOwner = portNumbers.get(numberKey);
      if (numberOwner) report("definition", [...path, "port"], port.port, `expected a unique port number (${numberKey} already used by ${numberOwner})`);
      portNumbers.set(numberKey, `${owner.name}/${port.name}`);
      checkRoute(port, path, report);
    });
  }
}

function checkPort(port: PortDefinition, path: KeyPath, report: Report): void {
  if (!PORT_NAME.test(port.name)) report("definition", [...path, "name"], port.name, "expected an IANA service name: 1-15 of a-z 0-9 -, at least one letter");
  if (!Number.isInteger(port.port) || port.port < 1 || port.port > 65535) report("definition", [...path, "port"], port.port, "expected a port between 1 and 65535");
  if (port.protocol !== undefined && port.protocol !== "TCP" && port.protocol !== "UDP") report("definition", [...path, "protocol"], port.protocol, 'expected "TCP" or "UDP"');
}

function checkRoute(port: PortDefinition, path: KeyPath, report: Report): void {
  if (port.route && UNROUTABLE_ROLES.includes(port.role)) report("definition", [...path, "route"], port.route, `expected no route on a ${port.role} port: only api ports may be public`);
  if (port.route?.pathPrefix !== undefined && !/^\/[\w\-./]*$/.test(port.route.pathPrefix)) {
    report("definition", [...path, "route", "pathPrefix"], port.route.pathPrefix, 'expected a path starting with "/"');
  }
}

/** Scripts and config files of every service share one ConfigMap: each key once. */
function checkConfigMapKeys(pod: PodInput, report: Report): void {
  const keys = new Map<string, string>();
  const claim = (key: string, owner: string, path: KeyPath): void => {
    const existing = keys.get(key);
    if (existing) report("definition", path, key, `expected a unique ConfigMap key (${key} is already ${existing})`);
    keys.set(key, owner);
  };
  pod.services.forEach((service, index) => {
    const path = [...pod.definitionPath, "services", index];
    for (const kind of Object.keys(service.scripts ?? {})) claim(pod.names.scriptKey(service.name, kind), `${service.name}'s ${kind} script`, [...path, "scripts", kind]);
    (service.configFiles ?? []).forEach((file, fileIndex) => claim(file.key, `a config file of ${service.name}`, [...path, "configFiles", fileIndex, "key"]));
  });
}
