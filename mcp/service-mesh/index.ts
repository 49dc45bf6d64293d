// service-mesh: Istio routing, traffic policy, mTLS and progressive delivery.
import type { ServerDefinition } from '../shared/definition.js';
import generateVirtualService from './tools/generate-virtual-service.js';
import generateDestinationRule from './tools/generate-destination-rule.js';
import generateGateway from './tools/generate-gateway.js';
import configureMtls from './tools/configure-mtls.js';
import configureTrafficPolicy from './tools/configure-traffic-policy.js';
import istioTemplates from './resources/istio-templates.js';
import trafficPatterns from './resources/traffic-patterns.js';

export const definition: ServerDefinition = {
  name: 'service-mesh',
  title: 'Service mesh',
  instructions:
    'Istio for the resolved app: generate_virtual_service and generate_destination_rule for traffic, configure_mtls for PeerAuthentication, generate_gateway when exposed through the mesh, configure_traffic_policy for an Argo Rollout canary.',
  tools: [generateVirtualService, generateDestinationRule, generateGateway, configureMtls, configureTrafficPolicy],
  resources: [istioTemplates, trafficPatterns],
};
