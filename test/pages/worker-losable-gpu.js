// The SDK's WebGPU worker, plus a test hook: posting { seEdgeTest: 'lose-device' } destroys every
// WebGPU device it made, which the SDK sees as a lost device.
import './patch-record-gpu-devices.js';
import '../../dist/worker-webgpu.js';

self.addEventListener('message', (event) => {
  if (event.data?.seEdgeTest === 'lose-device') for (const device of self.gpuDevicesForTests) device.destroy();
});
