// ingress-networking: Kong or NGINX ingress, TLS certificates, load balancers.
import type { ServerDefinition } from '../shared/definition.js';
import generateKongIngress from './tools/generate-kong-ingress.js';
import generateNginxIngress from './tools/generate-nginx-ingress.js';
import generateCertificates from './tools/generate-certificates.js';
import configureLoadBalancer from './tools/configure-load-balancer.js';
import ingressTemplates from './resources/ingress-templates.js';
import certificateAuthorities from './resources/certificate-authorities.js';

export const definition: ServerDefinition = {
  name: 'ingress-networking',
  title: 'Ingress and networking',
  instructions:
    'Expose HTTP ports with generate_kong_ingress (class kong) or generate_nginx_ingress, TLS with generate_certificates, TCP/UDP ports with configure_load_balancer.',
  tools: [generateKongIngress, generateNginxIngress, generateCertificates, configureLoadBalancer],
  resources: [ingressTemplates, certificateAuthorities],
};
