import { createClassifier } from 'se-edge';
import Digit from './digit';
import Quantity from './quantity';

// A server component: se-edge imports here, and says why it cannot classify on a server.
export default async function Home() {
  const onServer = await createClassifier().then(
    () => 'loaded',
    (error) => `${error.name} ${error.code}: ${error.message}`,
  );
  return (
    <main>
      <Digit src="/digit.png" />
      <p id="server">{onServer}</p>
      <Quantity />
    </main>
  );
}
