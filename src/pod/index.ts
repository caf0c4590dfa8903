// The pod path both hooks (CNI, NRI) share: settings, decision, backend, outcome.
export { addPod, removePod, checkPod, type AddOutcome, type CheckPodOutcome, type PodContext, type PodLog, type PodRequest } from './path.js';
export { PodFailure, toPodFailure, type FailureKind } from './failure.js';
export { podBackend, nftPodBackend, hnsPodBackend, usesHns } from './backends.js';
export { parsePodSettings, parseSettingsDocument, mergeSettingsDocuments, SettingsError, type PodSettings, type BackendChoice } from './settings.js';
export { explainPod, type PodExplanation } from './explain.js';
export { comparePodOnNode, fixPod, quiet, type LivePod, type OnNode } from './inspect.js';
