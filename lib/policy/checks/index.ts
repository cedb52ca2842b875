/**
 * The policy registry: every check, one module per checklist section
 * (/work/shared/reference/security-checklist.md §1). Checks are generic by
 * resource type and role, never by coin.
 */
import type { Check } from "../check";
import { CHECK_IDS } from "../../config/check-ids";
import { availabilityChecks } from "./availability";
import { eksChecks } from "./eks";
import { helmChecks } from "./helm";
import { imageChecks } from "./images";
import { namespaceChecks } from "./namespaces";
import { networkChecks } from "./network";
import { podChecks } from "./pod";
import { serviceChecks } from "./services";
import { stateChecks } from "./state";
import { storageChecks } from "./storage";

export const CHECKS: readonly Check[] = [
  ...podChecks,
  ...namespaceChecks,
  ...imageChecks,
  ...serviceChecks,
  ...networkChecks,
  ...availabilityChecks,
  ...storageChecks,
  ...eksChecks,
  ...stateChecks,
  ...helmChecks,
];

export { CHECK_IDS };
