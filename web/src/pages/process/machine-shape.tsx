/** The symbol of a machine by its type (pump, compressor, conveyor, press; a mill otherwise), in its box. */
import { BOX_W } from './layout.js';

export function MachineShape({ type, x, y }: { type: string; x: number; y: number }) {
  const W = BOX_W;
  const cx = x + W / 2;
  if (/pump/.test(type)) return <circle cx={cx} cy={y + 48} r={26} className="shape" />;
  if (/compressor/.test(type))
    return <rect x={cx - 40} y={y + 26} width={80} height={44} rx={22} className="shape" />;
  if (/conveyor/.test(type))
    return (
      <g className="shape-g">
        <rect x={x + 20} y={y + 38} width={W - 40} height={18} rx={9} className="shape" />
        {[0, 1, 2, 3, 4].map((i) => (
          <circle key={i} cx={x + 32 + i * ((W - 64) / 4)} cy={y + 47} r={5} className="roller" />
        ))}
      </g>
    );
  if (/press/.test(type))
    return (
      <g className="shape-g">
        <rect x={cx - 34} y={y + 20} width={68} height={56} className="shape" />
        <path d={`M${cx - 14} ${y + 36} h28 l-14 22 z`} className="roller" />
      </g>
    );
  return (
    <g className="shape-g">
      <rect x={cx - 40} y={y + 22} width={80} height={52} rx={4} className="shape" />
      <rect x={cx - 6} y={y + 28} width={12} height={30} className="roller" />
    </g>
  );
}
