import { createClassifier } from 'se-edge';

// A route handler: the same, as JSON.
export async function GET() {
  const outcome = await createClassifier().then(
    () => ({ loaded: true }),
    (error) => ({ name: error.name, code: error.code, message: error.message }),
  );
  return Response.json(outcome);
}
