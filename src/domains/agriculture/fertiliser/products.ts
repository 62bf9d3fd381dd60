/**
 * Common straight and compound fertilisers with their usual guaranteed analyses, % by mass of N,
 * P2O5, K2O and secondary nutrients. These are the standard commercial grades listed in FAO & IFA,
 * "Fertilizers and their use" (4th ed., 2000, Annex: nutrient content of fertilizer products) and in
 * the Western Fertilizer Handbook; a plan should use the analysis printed on the bag actually
 * bought (give `analysis` in the plan file to override a grade).
 */
export interface FertiliserGrade {
  readonly id: string;
  readonly name: string;
  /** Nutrient → % by mass (N, P2O5, K2O, S, MgO, Zn, …). */
  readonly analysis: Readonly<Record<string, number>>;
  readonly note?: string;
}

const SOURCE = 'FAO & IFA (2000) Fertilizers and their use, 4th ed., Annex';

export const FERTILISER_GRADES: readonly FertiliserGrade[] = [
  { id: 'urea', name: 'Urea 46-0-0', analysis: { N: 46 } },
  { id: 'ammonium-nitrate', name: 'Ammonium nitrate 34-0-0', analysis: { N: 34 } },
  { id: 'can', name: 'Calcium ammonium nitrate 27-0-0', analysis: { N: 27 } },
  { id: 'ammonium-sulfate', name: 'Ammonium sulfate 21-0-0-24S', analysis: { N: 21, S: 24 } },
  { id: 'dap', name: 'Diammonium phosphate 18-46-0', analysis: { N: 18, P2O5: 46 } },
  { id: 'map', name: 'Monoammonium phosphate 11-52-0', analysis: { N: 11, P2O5: 52 } },
  { id: 'tsp', name: 'Triple superphosphate 0-46-0', analysis: { P2O5: 46 } },
  { id: 'mop', name: 'Muriate of potash (KCl) 0-0-60', analysis: { K2O: 60 } },
  {
    id: 'sop',
    name: 'Sulfate of potash 0-0-50-18S',
    analysis: { K2O: 50, S: 18 },
    note: 'S 17–18 %',
  },
  {
    id: 'kieserite',
    name: 'Kieserite (magnesium sulfate monohydrate), 25 MgO, 20 S',
    analysis: { MgO: 25, S: 20 },
    note: 'granular grades 25–27 % MgO, 20–22 % S',
  },
  {
    id: 'zinc-sulfate',
    name: 'Zinc sulfate monohydrate, 35 Zn',
    analysis: { Zn: 35, S: 17 },
    note: 'Zn 33–36 %',
  },
].map((g) => ({ ...g, note: g.note ? `${g.note}; ${SOURCE}` : SOURCE }));

export function findGrade(id: string): FertiliserGrade | undefined {
  return FERTILISER_GRADES.find((g) => g.id === id.toLowerCase());
}
