/** Kubernetes stores replicas, ports, user ids and many durations as int32. */
export const INT32_MAX = 2_147_483_647;
