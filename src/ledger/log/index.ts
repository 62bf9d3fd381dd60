export { type Checkpoint, formatCheckpoint, parseCheckpoint } from './checkpoint.js';
export {
  type Ed25519Key,
  ed25519FromSeed,
  ed25519Generate,
  ed25519PublicKeyObject,
  ed25519Sign,
  ed25519Verify,
} from './ed25519.js';
export {
  addSignatureLines,
  type NoteSignature,
  type OpenedNote,
  openNote,
  type ParsedNote,
  parseNote,
  signatureLine,
  signNote,
} from './note.js';
export {
  formatSignerKey,
  formatVerifierKey,
  isValidKeyName,
  parseSignerKey,
  parseVerifierKey,
} from './note-keys.js';
export {
  ALG_COSIGNATURE_V1,
  ALG_ED25519,
  cosignatureMessage,
  cosignatureSigner,
  cosignatureTimestamp,
  cosignatureVerifier,
  ed25519Signer,
  ed25519Verifier,
  noteKeyId,
  type Signer,
  type Verifier,
} from './signer.js';
