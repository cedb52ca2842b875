/**
 * Validates Kubernetes objects the project emits through `kubernetes_manifest`
 * (and the ClusterIssuers it renders through Helm), and everything the Helm
 * acceptance renders, against the upstream schemas shipped by kubernetes-models
 * 4.x. Structure only: types, enums, required fields. Policy lives in the
 * policy checks.
 */
import { Certificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate";
import { ClusterIssuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer";
import { PodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { IngressRoute } from "@kubernetes-models/traefik/traefik.io/v1alpha1/IngressRoute";
import { Middleware } from "@kubernetes-models/traefik/traefik.io/v1alpha1/Middleware";
import { ValidatingAdmissionPolicy } from "kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy";
import { ValidatingAdmissionPolicyBinding } from "kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";

type Validatable = { validate(): void };
export type ModelClass = new (data: any) => Validatable;

/**
 * snapshot.storage.k8s.io/v1 VolumeSnapshotClass, which no kubernetes-models package ships: the
 * openAPIV3Schema of its CRD (kubernetes-csi/external-snapshotter,
 * client/config/crd/snapshot.storage.k8s.io_volumesnapshotclasses.yaml) written out, with ajv's wording.
 */
class VolumeSnapshotClassModel implements Validatable {
  constructor(private readonly data: Record<string, unknown>) {}

  validate(): void {
    const errors: { instancePath: string; message: string }[] = [];
    for (const key of ["deletionPolicy", "driver"]) if (this.data[key] === undefined) errors.push({ instancePath: "", message: `must have required property '${key}'` });
    const policy = this.data.deletionPolicy;
    if (policy !== undefined && policy !== "Delete" && policy !== "Retain") errors.push({ instancePath: "/deletionPolicy", message: "must be equal to one of the allowed values" });
    if (this.data.driver !== undefined && typeof this.data.driver !== "string") errors.push({ instancePath: "/driver", message: "must be string" });
    const parameters = this.data.parameters;
    if (parameters !== undefined && (typeof parameters !== "object" || parameters === null || Array.isArray(parameters))) errors.push({ instancePath: "/parameters", message: "must be object" });
    else for (const [key, value] of Object.entries(parameters ?? {})) if (typeof value !== "string") errors.push({ instancePath: `/parameters/${key}`, message: "must be string" });
    if (errors.length > 0) throw Object.assign(new Error("invalid VolumeSnapshotClass"), { errors });
  }
}

/**
 * snapshot.storage.k8s.io/v1 VolumeSnapshot, likewise from its CRD
 * (client/config/crd/snapshot.storage.k8s.io_volumesnapshots.yaml): `spec.source` is required and names
 * exactly one of a claim (a dynamic snapshot) or a VolumeSnapshotContent (a pre-provisioned one).
 */
class VolumeSnapshotModel implements Validatable {
  constructor(private readonly data: { spec?: { source?: Record<string, unknown>; volumeSnapshotClassName?: unknown } }) {}

  validate(): void {
    const errors: { instancePath: string; message: string }[] = [];
    const source = this.data.spec?.source;
    if (!this.data.spec) errors.push({ instancePath: "", message: "must have required property 'spec'" });
    else if (!source) errors.push({ instancePath: "/spec", message: "must have required property 'source'" });
    else {
      const set = ["persistentVolumeClaimName", "volumeSnapshotContentName"].filter((key) => source[key] !== undefined);
      if (set.length !== 1) errors.push({ instancePath: "/spec/source", message: "exactly one of persistentVolumeClaimName and volumeSnapshotContentName must be set" });
      for (const key of set) if (typeof source[key] !== "string") errors.push({ instancePath: `/spec/source/${key}`, message: "must be string" });
    }
    const className = this.data.spec?.volumeSnapshotClassName;
    if (className !== undefined && typeof className !== "string") errors.push({ instancePath: "/spec/volumeSnapshotClassName", message: "must be string" });
    if (errors.length > 0) throw Object.assign(new Error("invalid VolumeSnapshot"), { errors });
  }
}

/** Model class per `apiVersion/kind`. */
export const MODELS: Record<string, ModelClass> = {
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "cert-manager.io/v1/Certificate": Certificate,
  "cert-manager.io/v1/ClusterIssuer": ClusterIssuer,
  "traefik.io/v1alpha1/IngressRoute": IngressRoute,
  "traefik.io/v1alpha1/Middleware": Middleware,
  "monitoring.coreos.com/v1/PodMonitor": PodMonitor,
  "monitoring.coreos.com/v1/ServiceMonitor": ServiceMonitor,
  "monitoring.coreos.com/v1/PrometheusRule": PrometheusRule,
  "snapshot.storage.k8s.io/v1/VolumeSnapshotClass": VolumeSnapshotClassModel,
  "snapshot.storage.k8s.io/v1/VolumeSnapshot": VolumeSnapshotModel,
  "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy": ValidatingAdmissionPolicy,
  "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding": ValidatingAdmissionPolicyBinding,
};

/** Packages of kubernetes-models classes, each kind at `<package>/<apiVersion>/<Kind>`. */
const MODEL_PACKAGES = ["kubernetes-models", "@kubernetes-models/cert-manager", "@kubernetes-models/prometheus-operator", "@kubernetes-models/traefik"];
const upstreamModels = new Map<string, ModelClass | undefined>();

function requireModel(pkg: string, apiVersion: string, kind: string): ModelClass | undefined {
  try {
    return (require(`${pkg}/${apiVersion}/${kind}`) as Record<string, ModelClass>)[kind];
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "MODULE_NOT_FOUND" || code === "ERR_PACKAGE_PATH_NOT_EXPORTED") return undefined;
    throw error;
  }
}

function firstModel(apiVersion: string, kind: string): ModelClass | undefined {
  for (const pkg of MODEL_PACKAGES) {
    const Model = requireModel(pkg, apiVersion, kind);
    if (Model) return Model;
  }
  return undefined;
}

/**
 * The model of any kind the model packages ship (every core Kubernetes kind,
 * cert-manager, prometheus-operator, Traefik), for objects the project does
 * not choose itself, such as what an upstream chart renders.
 */
export function upstreamModel(apiVersion: string, kind: string): ModelClass | undefined {
  const key = `${apiVersion}/${kind}`;
  // Only names that can be a group/version and a kind go into a module path.
  if (!/^([a-z0-9.-]+\/)?v[a-z0-9]+$/.test(apiVersion) || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) return undefined;
  if (!upstreamModels.has(key)) upstreamModels.set(key, MODELS[key] ?? firstModel(apiVersion, kind));
  return upstreamModels.get(key);
}

/** The problems of one object against its model (empty when valid), each prefixed with `apiVersion/kind`. */
export function modelProblems(Model: ModelClass, object: { apiVersion?: unknown; kind?: unknown }): string[] {
  const key = `${String(object.apiVersion)}/${String(object.kind)}`;
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: { instancePath?: string; message?: string }[] }).errors;
    if (errors?.length) return errors.map((e) => `${key}: ${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
    return [`${key}: ${(error as Error).message}`];
  }
}

/** Validates one object; returns the problems (empty when valid), including an unknown kind. */
export function schemaProblems(object: { apiVersion?: unknown; kind?: unknown }): string[] {
  const key = `${String(object.apiVersion)}/${String(object.kind)}`;
  const Model = MODELS[key];
  return Model ? modelProblems(Model, object) : [`${key}: no upstream schema known for this kind`];
}
