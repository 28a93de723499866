/** Builds a results branch fast with native `git fast-import`: set-up for benchmarks, never measured. */
import { spawn } from 'node:child_process';

export interface ImportedFile {
  path: string;
  content: string;
}

/** Writes one commit per item of `commits` (each adding its files) onto refs/heads/<branch>. */
export async function fastImport(dir: string, branch: string, commits: Iterable<{ time: string; message: string; files: ImportedFile[] }>): Promise<void> {
  const child = spawn('git', ['-C', dir, 'fast-import', '--quiet'], { stdio: ['pipe', 'inherit', 'inherit'] });
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import exited with ${code}`))));
  });
  const data = (text: string): string => `data ${Buffer.byteLength(text)}\n${text}\n`;
  let batch = '';
  let mark = 0;
  for (const commit of commits) {
    mark++;
    const seconds = Math.floor(Date.parse(commit.time) / 1000);
    batch += `commit refs/heads/${branch}\nmark :${mark}\ncommitter pitwall <pitwall@localhost> ${seconds} +0000\n${data(commit.message)}`;
    if (mark > 1) batch += `from :${mark - 1}\n`;
    for (const file of commit.files) batch += `M 100644 inline ${file.path}\n${data(file.content)}`;
    batch += '\n';
    if (batch.length > 1 << 20) {
      if (!child.stdin.write(batch)) await new Promise((resolve) => child.stdin.once('drain', resolve));
      batch = '';
    }
  }
  child.stdin.end(batch);
  await done;
}
