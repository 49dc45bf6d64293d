// gitops-cicd: build pipelines, triggers, Argo CD and the GitOps repository.
import type { ServerDefinition } from '../shared/definition.js';
import createGitRepository from './tools/create-git-repository.js';
import generateTektonPipeline from './tools/generate-tekton-pipeline.js';
import configureArgocdApp from './tools/configure-argocd-app.js';
import setupWebhooks from './tools/setup-webhooks.js';
import generatePipelineTriggers from './tools/generate-pipeline-triggers.js';
import pipelineTemplates from './resources/pipeline-templates.js';
import gitopsPatterns from './resources/gitops-patterns.js';

export const definition: ServerDefinition = {
  name: 'gitops-cicd',
  title: 'GitOps and CI/CD',
  instructions:
    'generate_tekton_pipeline and generate_pipeline_triggers for CI, configure_argocd_app for delivery; create_git_repository and setup_webhooks change the world and default to dry runs.',
  tools: [createGitRepository, generateTektonPipeline, configureArgocdApp, setupWebhooks, generatePipelineTriggers],
  resources: [pipelineTemplates, gitopsPatterns],
};
