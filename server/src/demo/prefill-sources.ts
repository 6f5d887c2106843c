import { PopulationRegisterClient } from '../prefill/population-register/client.js';
import { populationRegisterSource } from '../prefill/population-register/plugin.js';
import type { PrefillSourcePlugin } from '../prefill/source.js';
import { startPopulationRegisterSimulator } from '../simulators/population-register/simulator.js';

export interface DemoPrefillSources {
  plugins: PrefillSourcePlugin[];
  /** The population register simulator's base URL */
  populationRegisterUrl: string;
  close(): Promise<void>;
}

/** Demo mode's population register: the simulator, reached by the same client as the real one. */
export async function startDemoPrefillSources(): Promise<DemoPrefillSources> {
  const simulator = await startPopulationRegisterSimulator();
  const client = new PopulationRegisterClient({
    baseUrl: simulator.url,
    clientId: simulator.clientId,
    clientSecret: simulator.clientSecret,
    ...simulator.order,
  });
  return {
    plugins: [populationRegisterSource(client)],
    populationRegisterUrl: simulator.url,
    close: async () => {
      client.close();
      await simulator.close();
    },
  };
}
