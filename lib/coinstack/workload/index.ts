/**
 * The coinstack's StatefulSet: its pods (containers, volumes, scheduling) and
 * its data claims. The parts live beside this file: env.ts, containers.ts,
 * scheduling.ts.
 */
import { StatefulSetV1, type StatefulSetV1SpecTemplateSpecVolume } from "@cdktf/provider-kubernetes/lib/stateful-set-v1";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { CREDENTIALS_REVISION_ANNOTATION, platformNames } from "../../core/names";
import { terraformTextDeep } from "../../core/terraform-text";
import type { ResolvedCoinstack } from "../resolve";
import { claimAnnotations } from "../storage";
import { NON_ROOT_ID, POD_VOLUMES, restrictedPodSecurityContext, serviceContainers, sidecarContainer } from "./containers";
import { nodePlacement, spreadConstraints, zoneAffinity } from "./scheduling";


export interface CoinStatefulSetProps {
  readonly coinstack: ResolvedCoinstack;
  readonly namespace: string;
  readonly serviceAccountName: string;
  readonly configMapName: string;
  /** The ConfigMap of the ordinals in maintenance (lib/coinstack/maintenance.ts). */
  readonly maintenanceConfigMapName: string;
  /** The quiesced backups' ConfigMap, seen in the maintenance directory too. @default none (no quiesced backup) */
  readonly quiesceConfigMapName?: string;
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
    const { names, settings } = props.coinstack;
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
        template: podTemplate(props),
        volumeClaimTemplate: claimTemplates(props.coinstack),
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

/** Whether these pods mount the credentials Secret: it exists and they need at least one of its keys. */
function mountsSecrets(props: CoinStatefulSetProps): boolean {
  return props.secretName !== undefined && props.coinstack.secretKeys?.length !== 0;
}

function podTemplate(props: CoinStatefulSetProps) {
  const { coinstack } = props;
  const { names, settings } = coinstack;
  const hasSecrets = mountsSecrets(props);
  const placement = nodePlacement(coinstack);
  return {
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
      securityContext: { ...restrictedPodSecurityContext(), fsGroup: String(NON_ROOT_ID), fsGroupChangePolicy: "OnRootMismatch" },
      container: [
        ...coinstack.services.flatMap((service) => serviceContainers(coinstack, service, hasSecrets)),
        ...coinstack.sidecars.map((sidecar) => sidecarContainer(coinstack, sidecar, hasSecrets)),
      ],
      affinity: zoneAffinity(settings.scheduling.zones),
      volume: podVolumes(props),
      nodeSelector: Object.keys(placement.nodeSelector).length > 0 ? placement.nodeSelector : undefined,
      toleration: placement.tolerations.map((t) => ({ key: t.key, operator: t.operator, value: t.value, effect: t.effect })),
      priorityClassName: settings.scheduling.priorityClassName ?? platformNames.priorityClass.chain,
      imagePullSecrets: settings.scheduling.imagePullSecrets.map((name) => ({ name })),
      topologySpreadConstraint: spreadConstraints(coinstack),
    },
  };
}

function podVolumes(props: CoinStatefulSetProps): StatefulSetV1SpecTemplateSpecVolume[] {
  // Only the keys these pods need (e.g. full nodes never see a validator's node key unless they must).
  const items = props.coinstack.secretKeys?.map((key) => ({ key, path: key }));
  return [
    { name: POD_VOLUMES.scripts, configMap: { name: props.configMapName, defaultMode: "0555" } },
    { name: POD_VOLUMES.tmp, emptyDir: { sizeLimit: "1Gi" } },
    maintenanceVolume(props),
    ...(mountsSecrets(props) ? [{ name: POD_VOLUMES.secrets, secret: { secretName: props.secretName, defaultMode: "0440", items } }] : []),
    ...props.coinstack.services.flatMap((s) => (s.scratchVolumes ?? []).map((v) => ({ name: v.name, emptyDir: { sizeLimit: v.emptyDirSizeLimit, ...(v.memory ? { medium: "Memory" } : {}) } }))),
  ];
}

/** The maintenance directory: the maintenance ConfigMap's files, and the quiesced backups' holds. */
function maintenanceVolume(props: CoinStatefulSetProps): StatefulSetV1SpecTemplateSpecVolume {
  if (!props.quiesceConfigMapName) return { name: POD_VOLUMES.maintenance, configMap: { name: props.maintenanceConfigMapName, defaultMode: "0444" } };
  return {
    name: POD_VOLUMES.maintenance,
    projected: [{ defaultMode: "0444", sources: [{ configMap: [{ name: props.maintenanceConfigMapName }, { name: props.quiesceConfigMapName, optional: true }] }] }],
  };
}

/**
 * The controller only uses a template when a claim is missing: Terraform creates every claim first
 * (CoinVolumes), but a claim deleted for a re-sync, or an ordinal the controller reaches before
 * Terraform, is made from it. So it carries the configured size and IOPS/throughput, as of the
 * StatefulSet's creation: templates are immutable (ignore_changes on the StatefulSet), later growth
 * goes through the claims, and a template claim smaller than today's size is grown by the next apply
 * only if Terraform owns it (README "How coinstacks keep data safe").
 */
function claimTemplates(coinstack: ResolvedCoinstack) {
  const { names } = coinstack;
  return coinstack.services.map((service) => ({
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
  }));
}
