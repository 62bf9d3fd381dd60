/** The `xinzhi` CLI run from source (`node --import tsx test/e2e/xinzhi-dev.ts serve …`), for tests. */
import { main } from '../../src/cli/main.js';

await main(process.argv);
