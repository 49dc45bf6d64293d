import { defineResource, resourceUri } from '../../shared/resource.js';
import { readTemplate } from '../../shared/templates.js';

export interface BaseImageCatalog {
  source: string;
  images: {
    names: string[];
    language: string;
    recommended: string;
    slimVariant?: string;
    nonRoot: string;
    size: 'tiny' | 'small' | 'medium' | 'large';
    versions: { version: string; eol?: string }[];
  }[];
}

export default defineResource({
  name: 'base_image_catalog',
  uri: resourceUri('docker-analysis', 'base_image_catalog'),
  title: 'Base image catalog',
  description:
    'Common base images: recommended tags, slim and non-root variants, size class, and end-of-life dates of their language versions.',
  mimeType: 'application/json',
  read: () => readTemplate('base-images.json'),
});
