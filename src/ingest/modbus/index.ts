export { decodeWords, scaled } from './decode-registers.js';
export {
  type DeviceStatus,
  type ModbusDevice,
  type ModbusPoller,
  type ModbusPollerOptions,
  type ModbusSink,
  startModbusPoller,
} from './poller.js';
export { planReads, type ReadBlock } from './read-plan.js';
export {
  BYTE_ORDERS,
  type ByteOrder,
  parseRegisterMap,
  REGISTER_TABLES,
  REGISTER_TYPES,
  type RegisterMap,
  type RegisterSpec,
  readRegisterMap,
  registerMapSchema,
} from './register-map.js';
