console.log('hello from the prod stage');
