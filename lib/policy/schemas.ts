/**
 * Validates Kubernetes objects the project emits through `kubernetes_manifest`
 * (and the ClusterIssuers it renders through Helm) against the upstream
 * schemas shipped by kubernetes-models 4.x. Structure only: types, enums,
 * required fields. Policy lives in the policy checks.
 */
import { Certificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate";
import { ClusterIssuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer";
import { PodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { IngressRoute } from "@kubernetes-models/traefik/traefik.io/v1alpha1/IngressRoute";
import { Middleware } from "@kubernetes-models/traefik/traefik.io/v1alpha1/Middleware";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";

type Validatable = { validate(): void };
type ModelClass = new (data: any) => Validatable;

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
};

/** Validates one object; returns the problems (empty when valid), including an unknown kind. */
export function schemaProblems(object: { apiVersion?: unknown; kind?: unknown }): string[] {
  const key = `${String(object.apiVersion)}/${String(object.kind)}`;
  const Model = MODELS[key];
  if (!Model) return [`${key}: no upstream schema known for this kind`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: { instancePath?: string; message?: string }[] }).errors;
    if (errors?.length) return errors.map((e) => `${key}: ${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
    return [`${key}: ${(error as Error).message}`];
  }
}
