import { definePrompt } from '../../shared/prompt.js';

export default definePrompt({
  name: 'review-dockerfile',
  title: 'Review a Dockerfile',
  description:
    'Review a Dockerfile before it is built and deployed: facts, security findings with their lines, resource estimate, and fixes.',
  arguments: [
    { name: 'dockerfile', description: 'Path of the Dockerfile (or its text)', required: true },
    {
      name: 'focus',
      description: 'What matters most: security, size or startup',
      values: () => ['security', 'size', 'startup'],
    },
  ],
  text: (a) =>
    [
      `Review the Dockerfile ${a.dockerfile}${a.focus ? `, with the most attention on ${a.focus}` : ''}.`,
      '1. Call analyze_dockerfile for its facts (base image, ports, user, health check, entrypoint).',
      '2. Call security_scan and list every finding with its Dockerfile line.',
      '3. Call estimate_resources for CPU and memory requests and limits.',
      '4. Using the dockerfile_best_practices resource, propose a fix for each finding as a small diff of the Dockerfile, most important first.',
    ].join('\n'),
});
