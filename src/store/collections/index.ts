export { type Collection, defineCollection, documentOf } from './define-collection.js';
export {
  DOC_NAMESPACE_RENAMES,
  DOC_NAMESPACES,
  type DocNamespace,
  NAMESPACE_FORM,
  type NamespaceRename,
  renameNamespacesSql,
} from './namespaces.js';
