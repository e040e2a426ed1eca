self.gpuDevicesForTests = [];
const requestDevice = GPUAdapter.prototype.requestDevice;
GPUAdapter.prototype.requestDevice = async function (...args) {
  const device = await requestDevice.apply(this, args);
  self.gpuDevicesForTests.push(device);
  return device;
};
