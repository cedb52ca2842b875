/**
 * Ids of the implemented checks (checklist numbers), without importing the
 * checks themselves, so the config schema can validate `policy.waivers[].check`.
 * A test keeps this list equal to the registry's ids.
 */
export const CHECK_IDS = [
  "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9", "A10", "A11", "A12", "A13", "A14", "A15", "A16", "A17",
  "B1", "B2", "B3", "B4",
  "C1", "C2", "C3", "C4", "C5",
  "D1", "D2", "D3", "D4",
  "E1", "E2", "E3", "E4",
  "F1", "F2", "F3", "F4",
  "G1", "G2",
  "H1", "H2", "H3", "H4", "H5", "H6", "H7", "H8", "H9",
  "I1", "I2", "I3", "I4", "I5", "I6", "I7", "I8", "I10", "I11",
  "J1", "J2", "J3",
] as const;

export type CheckId = (typeof CHECK_IDS)[number];
