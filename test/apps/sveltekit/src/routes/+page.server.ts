import { createClassifier } from 'se-edge';

// A server load: se-edge imports here, and says why it cannot classify on a server.
export async function load() {
	const onServer = await createClassifier().then(() => 'loaded', (error) => `${error.name} ${error.code}: ${error.message}`);
	return { onServer };
}
