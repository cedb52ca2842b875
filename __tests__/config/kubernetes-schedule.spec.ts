/** kubernetesSchedule: an AWS Backup cron expression as the quiesced backup's CronJob keeps it (UTC). */
import { kubernetesSchedule } from "../../lib/config/coin-settings";

it.each([
  ["cron(0 3 * * ? *)", "0 3 * * *"],
  ["cron(30 */6 ? * * *)", "30 */6 * * *"],
  ["cron(0 3 ? * 1 *)", "0 3 * * 0"],
  ["cron(0 3 ? * 2-6 *)", "0 3 * * 1-5"],
  ["cron(0 3 ? * 1,7 *)", "0 3 * * 0,6"],
  ["cron(0 3 ? * MON-FRI *)", "0 3 * * MON-FRI"],
  ["cron(15 4 1 * ? *)", "15 4 1 * *"],
])("keeps %s as %s (days of the week from AWS's 1-7, SUN first, to 0-6)", (aws, kubernetes) => {
  expect(kubernetesSchedule(aws)).toBe(kubernetes);
});

it.each(["cron(0 3 L * ? *)", "cron(0 3 15W * ? *)", "cron(0 3 ? * 6#3 *)", "cron(0 3 * * ? 2027)", "rate(1 day)"])("has no equivalent for %s", (aws) => {
  expect(kubernetesSchedule(aws)).toBeUndefined();
});
