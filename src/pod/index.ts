// The pod path both hooks (CNI, NRI) share: settings, decision, backend, outcome.
export { addPod, removePod, checkPod, type AddOutcome, type CheckPodOutcome, type PodContext, type PodLog, type PodRequest } from './path.js';
export { PodFailure, toPodFailure, type FailureKind } from './failure.js';
export { podBackend, nftPodBackend, hnsPodBackend, usesHns } from './backends.js';
export { parseHookSettings, parseSettingsDocument, mergeSettingsDocuments, SettingsError, type HookSettings, type BackendChoice } from './settings.js';
export { explainPod, type PodExplanation } from './explain.js';
export { comparePodOnNode, inspectPod, inspectionOk, quiet, type LivePod, type OnNode, type OnNodeState, type PodInspection } from './inspect.js';
