// database-operator: databases through their Kubernetes operators.
import type { ServerDefinition } from '../shared/definition.js';
import deployPostgresOperator from './tools/deploy-postgres-operator.js';
import deployMysqlOperator from './tools/deploy-mysql-operator.js';
import configureBackup from './tools/configure-backup.js';
import configureReplication from './tools/configure-replication.js';
import generateConnectionSecrets from './tools/generate-connection-secrets.js';
import operatorCatalog from './resources/operator-catalog.js';
import backupPolicies from './resources/backup-policies.js';

export const definition: ServerDefinition = {
  name: 'database-operator',
  title: 'Database operators',
  instructions:
    'PostgreSQL with deploy_postgres_operator, MySQL with deploy_mysql_operator, MongoDB and Redis with configure_replication; then configure_backup and generate_connection_secrets. Skip all of it when the image is itself a database.',
  tools: [
    deployPostgresOperator,
    deployMysqlOperator,
    configureBackup,
    configureReplication,
    generateConnectionSecrets,
  ],
  resources: [operatorCatalog, backupPolicies],
};
