/**
 * Every conformance group: the core cases plus long-running actions, polling triggers, webhook triggers and
 * connection auth.
 * Adapters run all of them.
 * @internal
 */
import { authConformanceCases } from "../../auth/conformance";
import { longRunningConformanceCases } from "../../long-running/conformance";
import { pollingConformanceCases } from "../../triggers/polling/conformance";
import { webhookConformanceCases } from "../../triggers/webhook/conformance";
import { conformanceCases } from "./cases";
import type { ConformanceGroup } from "./types";

/** All conformance groups. @internal */
export const allConformanceCases: ConformanceGroup[] = [
  ...conformanceCases,
  longRunningConformanceCases,
  pollingConformanceCases,
  ...webhookConformanceCases,
  ...authConformanceCases,
];
