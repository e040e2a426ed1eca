import { Component, PLATFORM_ID, PendingTasks, inject, signal } from '@angular/core';
import { isPlatformServer } from '@angular/common';
import { createClassifier } from 'se-edge';
import { Digit } from './digit';
import { Quantity } from './quantity';

@Component({
  imports: [Digit, Quantity],
  selector: 'app-root',
  template: `<app-digit src="/digit.png" /><p id="server">{{ onServer() }}</p><app-quantity />`,
})
export class App {
  protected readonly onServer = signal('');

  constructor() {
    // In the prerender: se-edge imports here, and says why it cannot classify on a server.
    if (isPlatformServer(inject(PLATFORM_ID))) {
      inject(PendingTasks).run(() => createClassifier().then(() => this.onServer.set('loaded'), (error) => this.onServer.set(`${error.name} ${error.code}: ${error.message}`)));
    }
  }
}
