/** Visual inspection in the plant: cameras mapped to vision models, image intake, alarms. */
export {
  CAMERAS_NS,
  type CameraConfig,
  CameraConfigSchema,
  deleteCamera,
  getCamera,
  listCameras,
  parseCameraConfig,
  putCamera,
} from './camera-config.js';
export { checkAssetPath, createImageFiles, type ImageFiles } from './image-files.js';
export {
  createInspectionService,
  IMAGES_NS,
  type ImagePrediction,
  type ImageRecord,
  type IngestImage,
  type InspectionDeps,
  type InspectionService,
  type InspectionSummary,
} from './inspection-service.js';
